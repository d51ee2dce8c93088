// Command prog starts runs and reconciles them.
package main // want `"kind":"run","run":"life.Job"`

import (
	"life"
	"use"
)

func main() { // want `"kind":"program","starts":\[\{"Run":"life.Job","Func":"\(\*life.Service\).Start"\}\],"reconciles":\[\{"Run":"life.Job","Func":"\(\*life.Service\).ReconcileStale"\}\]`
	s := &life.Service{}
	use.Backup(s, life.Scope{})
	go s.ReconcileStale() // want `"kind":"call","run":"life.Job","func":"\(\*life.Service\).ReconcileStale"`
}
