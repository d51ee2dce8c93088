// Package webctx is a web framework's request context, in the render tree.
package webctx

import (
	"html/template"
	"net/http"
)

type Context struct {
	W    http.ResponseWriter
	R    *http.Request
	Data map[string]any
	tmpl *template.Template
}

// HTML renders a page. It is a render path itself (it executes a
// template); it calls no provider.
func (c *Context) HTML(code int, name string) {
	c.W.WriteHeader(code)
	_ = c.tmpl.ExecuteTemplate(c.W, name, c.Data)
}

// RenderWithErr shows a form again with an error. It renders through
// HTML, which is declared in the configuration.
func (c *Context) RenderWithErr(msg, name string) {
	c.Data["Err"] = msg
	c.HTML(http.StatusOK, name)
}

func (c *Context) Redirect(location string) { http.Redirect(c.W, c.R, location, http.StatusSeeOther) }
func (c *Context) JSON(code int, v any)     {}
func (c *Context) HasError() bool           { return false }
