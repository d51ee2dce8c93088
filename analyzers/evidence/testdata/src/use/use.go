// Package use starts and completes runs.
package use // want `"kind":"run","run":"life.Job"` `"kind":"registry","name":"life.Key"`

import "life"

// Report is a proof type.
//
//runtruth:proof
type Report struct{ Done bool } // want `"kind":"proof","name":"use.Report"`

// Backup starts a run with its scope built here, and one passed in.
func Backup(s *life.Service, sc life.Scope) {
	s.Start(life.Scope{Workspace: "w"}) // want `"kind":"start","run":"life.Job","func":"\(\*life.Service\).Start","in":"use.Backup","scopeSet":\["Workspace"\],"scopeUnset":\["Initiator"\],"scopeFrom":"literal"`
	s.Start(sc)                         // want `"kind":"start".*"scopeFrom":"argument"`
	s.Complete("id")                    // want `"kind":"call","run":"life.Job","func":"\(\*life.Service\).Complete","method":"Complete","in":"use.Backup"`
	s.Count("id", life.Items)           // want `"kind":"call".*"method":"Count"` `"kind":"key","in":"use.Backup","name":"life.Key","key":"items"`
	var st life.Store
	st.Complete("id")
	_ = life.Fast
	/* want `"kind":"allow","check":"directwrite","reason":"the migration writes it once"` */ //runtruth:allow directwrite the migration writes it once
	_ = 1
}
