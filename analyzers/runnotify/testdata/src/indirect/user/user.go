// Package user sees oprun's link builder only through indirect.
package user

import "indirect"

func Link(id string) (string, string) {
	return indirect.Link(id), "https://app.example.com/operations/runs/" + id // want `hand-built run link with route "/operations/runs/"; use oprun.RunLink`
}
