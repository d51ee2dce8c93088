package use

import (
	"decl"
	"mid"
)

func F() {
	var r *decl.Run = mid.Get() // want `run\(decl.Run fields=Status,Outcome sinks=Message owners=mid/...\)`
	_ = r.Status                // want `guarded decl.Run.Status`
	_ = r.Message               // want `sink decl.Run.Message`
	_ = r.Token                 // want `secret`
	var _ decl.Key = decl.KeyA  // want `summarykeys\(a,b\)`
	_ = decl.Link("1")          // want `link\(/runs/\)` `provider`
	decl.Send("s", "b")         // want `sink\[1\]` `provider`
	decl.Counts(nil)            // want `summary\(m\) registry=decl.Key` `provider`
}
