// Package echo stands in for github.com/labstack/echo/v4.
package echo

type Context interface {
	Render(code int, name string, data any) error
	JSON(code int, i any) error
}
