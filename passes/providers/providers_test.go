package providers_test

import (
	"go/types"
	"testing"

	"github.com/runtruth/runtruth/passes/providers"
)

func TestIsDefaultPackage(t *testing.T) {
	for path, want := range map[string]bool{
		"github.com/microsoftgraph/msgraph-sdk-go":                    true,
		"github.com/microsoftgraph/msgraph-sdk-go/users":              true,
		"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob":        true,
		"github.com/aws/aws-sdk-go-v2/service/s3":                     true,
		"github.com/aws/aws-sdk-go/service/s3":                        true,
		"google.golang.org/api/admin/directory/v1":                    true,
		"cloud.google.com/go/storage":                                 true,
		"github.com/microsoftgraphx/other":                            false,
		"github.com/aws/aws-sdk-go-v3/service":                        false,
		"net/http":                                                    false,
		"example.com/graph":                                           false,
		"github.com/Azure/azure-sdk-for-go-extensions/pkg/middleware": false,
	} {
		if got := providers.IsDefaultPackage(path); got != want {
			t.Errorf("IsDefaultPackage(%q) = %t, want %t", path, got, want)
		}
	}
}

func TestIsDefault(t *testing.T) {
	http := types.NewPackage("net/http", "http")
	str := types.Typ[types.String]
	sig := func(recv *types.Var) *types.Signature {
		return types.NewSignatureType(recv, nil, nil, types.NewTuple(types.NewVar(0, http, "url", str)), nil, false)
	}
	client := types.NewNamed(types.NewTypeName(0, http, "Client", nil), types.NewStruct(nil, nil), nil)
	header := types.NewNamed(types.NewTypeName(0, http, "Header", nil), types.NewMap(str, types.NewSlice(str)), nil)
	clientRecv := types.NewVar(0, http, "c", types.NewPointer(client))
	headerRecv := types.NewVar(0, http, "h", header)

	for _, c := range []struct {
		fn   *types.Func
		want bool
	}{
		{types.NewFunc(0, http, "Get", sig(nil)), true},
		{types.NewFunc(0, http, "PostForm", sig(nil)), true},
		{types.NewFunc(0, http, "NewRequest", sig(nil)), false},
		{types.NewFunc(0, http, "Do", sig(clientRecv)), true},
		{types.NewFunc(0, http, "Head", sig(clientRecv)), true},
		{types.NewFunc(0, http, "CloseIdleConnections", sig(clientRecv)), false},
		{types.NewFunc(0, http, "Get", sig(headerRecv)), false},
		{types.NewFunc(0, types.NewPackage("cloud.google.com/go/storage", "storage"), "NewClient", sig(nil)), true},
		{types.NewFunc(0, types.NewPackage("example.com/graph", "graph"), "Get", sig(nil)), false},
		{nil, false},
	} {
		if got := providers.IsDefault(c.fn); got != c.want {
			t.Errorf("IsDefault(%v) = %t, want %t", c.fn, got, c.want)
		}
	}
	if providers.IsCall(nil, nil) {
		t.Error("IsCall(nil, nil) = true")
	}
	p := providers.Packages()
	p[0] = "changed"
	if providers.Packages()[0] == "changed" {
		t.Error("Packages returns the shared list")
	}
}
