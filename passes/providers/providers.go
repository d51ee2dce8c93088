// Package providers names the remote provider calls that runtruth knows
// without any directive or configuration: the net/http client and the
// SDKs of the large cloud and SaaS providers (Microsoft Graph, Azure, AWS,
// Google Cloud). The renderprovider and runsecrets checks share this one
// list.
//
// A call is a provider call when [IsCall] says so: by a provider
// directive or configuration entry (the model's IsProvider, which covers
// the func, its receiver's named type and its package, so also a method
// of an interface declared in a provider package), or by default
// ([IsDefault]). Adding to the defaults here changes both checks.
package providers

import (
	"go/types"
	"slices"

	"github.com/runtruth/runtruth/passes/config"
	"github.com/runtruth/runtruth/passes/model"
)

// defaultPackages are the package patterns every func and method of which
// is a remote provider call by default.
var defaultPackages = [...]string{
	"github.com/microsoftgraph/...",
	"github.com/Azure/azure-sdk-for-go/...",
	"github.com/aws/aws-sdk-go-v2/...",
	"github.com/aws/aws-sdk-go/...",
	"google.golang.org/api/...",
	"cloud.google.com/go/...",
}

// httpFuncs are the net/http client funcs that are provider calls.
var httpFuncs = [...]string{"Get", "Post", "PostForm", "Head"}

// httpClientMethods are the (*http.Client) methods that are provider calls.
var httpClientMethods = [...]string{"Do", "Get", "Post", "PostForm", "Head"}

// Packages returns the default provider package patterns (a new slice on
// every call).
func Packages() []string { return slices.Clone(defaultPackages[:]) }

// IsDefaultPackage reports whether every func and method of the package
// with this import path is a provider call by default.
func IsDefaultPackage(path string) bool {
	for _, p := range defaultPackages {
		if config.MatchPattern(p, path) {
			return true
		}
	}
	return false
}

// IsDefault reports whether calling fn is a provider call by default: a
// net/http client call (http.Get, http.Post, http.PostForm, http.Head and
// the (*http.Client) methods Do, Get, Post, PostForm, Head) or any func or
// method of a default provider package (which includes the methods of the
// interfaces those packages declare).
func IsDefault(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	fn = fn.Origin()
	path := fn.Pkg().Path()
	if path == "net/http" {
		sig, ok := fn.Type().(*types.Signature)
		if !ok {
			return false
		}
		if sig.Recv() == nil {
			return slices.Contains(httpFuncs[:], fn.Name())
		}
		n := model.Named(sig.Recv().Type())
		return n != nil && n.Obj().Name() == "Client" && slices.Contains(httpClientMethods[:], fn.Name())
	}
	return IsDefaultPackage(path)
}

// IsCall reports whether calling fn is a remote provider call: declared or
// configured as one (see (*model.Model).IsProvider), or one by default.
func IsCall(m *model.Model, fn *types.Func) bool {
	if fn == nil {
		return false
	}
	if m != nil && m.IsNotProvider(fn) {
		return false
	}
	return IsDefault(fn) || (m != nil && m.IsProvider(fn))
}
