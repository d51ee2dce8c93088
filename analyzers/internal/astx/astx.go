// Package astx holds small syntax helpers shared by runtruth's checks.
package astx

import "go/ast"

// Base strips parentheses, index expressions (x[i], generic G[T]) and
// pointer indirections (*x) from e and returns what remains: the operand
// that a write to x[i] or *x really writes, or the type name of an
// embedded field such as *pkg.T or G[T].
func Base(e ast.Expr) ast.Expr {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return e
		}
	}
}

// Root returns the variable that e reads or writes through: what remains
// of e without parentheses, index expressions, indirections and field
// selections (x for x.f[i].g, *x.p), or nil when that is not an
// identifier.
func Root(e ast.Expr) *ast.Ident {
	for {
		switch x := Base(e).(type) {
		case *ast.SelectorExpr:
			e = x.X
		case *ast.Ident:
			return x
		default:
			return nil
		}
	}
}
