// Package views is a render package: all its funcs and methods render.
//
//runtruth:render
package views

import (
	"context"

	"sdkwrap"
)

func Banner(ctx context.Context) string {
	_ = sdkwrap.Call("banner") // want `render path Banner makes provider call sdkwrap.Call`
	var r sdkwrap.Remote
	_ = r.Invoke("x") // want `render path Banner makes provider call sdkwrap.Remote.Invoke`
	_ = sdkwrap.Local("x")
	var s sdkwrap.Stream
	_ = s.Recv() // want `render path Banner makes provider call sdkwrap.Stream.Recv`
	return ""
}

type Footer struct{}

func (Footer) Text() string {
	return helper() // helper is a render entry point: reported in its body
}

// helper renders too (the package is a render package), so its own call is
// reported here and not again at the callers.
func helper() string {
	_ = sdkwrap.Call("footer") // want `render path helper makes provider call sdkwrap.Call`
	return ""
}
