package mid

import "decl"

// Get returns a run, so decl's types are in mid's API.
func Get() *decl.Run { return &decl.Run{} }
