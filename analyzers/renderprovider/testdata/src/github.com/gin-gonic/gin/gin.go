// Package gin stands in for github.com/gin-gonic/gin.
package gin

type Context struct{}

func (c *Context) HTML(code int, name string, obj any) {}
func (c *Context) JSON(code int, obj any)              {}
func (c *Context) Redirect(code int, location string)  {}
