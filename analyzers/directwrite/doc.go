// Package directwrite defines an Analyzer that reports writes of a run's
// lifecycle-guarded fields outside the run type's owner packages.
//
// # Analyzer directwrite
//
// directwrite: a run's status and outcome are written only by its owner
//
// An operation run's lifecycle fields (by default Status and Outcome of a
// type marked //runtruth:run) may be written only in the run type's own
// package and the packages its owner= list names. Everywhere else the
// analyzer reports:
//
//   - an assignment, op-assignment, ++ or -- whose target is a guarded
//     field, reached through pointers, embedding or slice, array and map
//     elements;
//   - taking the address of a guarded field, explicitly or by calling a
//     pointer method on it, when the pointer may be written through: what
//     it points to assigned (*p = v), the pointer stored outside the
//     function's locals or returned, converted to unsafe.Pointer, passed
//     to a function that writes through, stores or returns its parameter
//     (a ThroughParams fact, across packages), or, for a method, a method
//     that does so (a method of the standard library unless its name reads:
//     String, Format, Marshal…) or a method value. A pointer handed to a
//     helper that only reads through it (a badge renderer) is silent;
//   - a composite literal of the run type that sets a guarded field, keyed
//     or positional, when the value may reach a write (see below);
//   - a constant SQL string passed to a call (a literal, a named constant,
//     a constant concatenation) that writes a guarded column of the run
//     type's table: an UPDATE setting it, an INSERT or REPLACE that sets
//     it (or every column), or the update of an upsert (ON CONFLICT … DO
//     UPDATE SET, ON DUPLICATE KEY UPDATE). PostgreSQL, MySQL and SQLite
//     quoting, case, schema prefixes, aliases, comments and WITH clauses
//     are understood; SQL inside a string value or a comment is not a
//     write, and reads, deletes, other tables and other columns are
//     silent;
//   - an ORM chain or query builder that writes a guarded column of a run
//     type: GORM (Model(&r) or Table("t"), then Update("col", v),
//     UpdateColumn, Updates or UpdateColumns with a map whose constant key
//     is the column, or Select("col") before an update), xorm (Cols or
//     MustCols, AllCols, or a map, with Update), bun (NewUpdate().Model(r) with
//     Column("col") or Set("col = ?")), squirrel and goqu (Update("t").Set("col",
//     v), SetMap, Insert("t").Columns(…)). The chain is read whole; reads
//     (Find, Pluck, Get, Scan, Select) are silent;
//   - a call of a function with a column parameter for a run type (a
//     ...string or []string parameter that the function passes to the
//     column list of an ORM update of the run type, known across packages
//     through a ColumnParam fact, like gitea's UpdateRunJob(ctx, job,
//     cond, cols...)) with a constant guarded column;
//   - a call of a function declared in a generated file (sqlc, ent) whose
//     constant SQL writes a guarded column, or of a generated setter of a
//     guarded field in ent's style (Set<Field> on a type of the run type's
//     package whose name starts with the run type's: JobUpdateOne.SetStatus
//     for Job) (a GeneratedWriter fact): generated code is not reported
//     itself, so its callers are;
//   - a call of a declared writer of the run type (//runtruth:writer, or
//     writers: in the configuration), such as ent's generated setters.
//
// The table of a run type is the one that table= (or table: in the
// configuration) declares, or else the constant its TableName method
// returns, or else its name in snake_case and that name's plural
// (ActionRunJob: action_run_job, action_run_jobs). The column of a guarded
// field is the one columns=Field:column declares, or else the name its
// gorm (column:), db, bun, sql or xorm ('name') struct tag gives, or else
// its name in snake_case.
//
// A run value that a function builds itself, a composite literal and a
// local variable that only ever holds such literals, is a transition only
// when it may reach a write: stored into a field, an element or a package
// variable that is not a local's, sent on a channel, passed to a function
// whose parameter is written (a ParamFates fact, for functions of any
// analyzed package, the run's owners included), to a method named like a
// store's or an ORM's write (Save, Insert, Create, Update, Upsert, Put,
// Persist, Store, Exec, Replace, and those names followed by more words:
// UpdateColumns), to database/sql, or returned by a func literal. The
// value is followed through locals, elements, appends, conversions and
// literals that hold it, and through a function's parameters and results
// across packages. A run built only to be shown (synthetic steps around a
// job's own, listed on a page) or rebuilt from its own row for a response
// is silent, and so are the assignments to the guarded fields of the local
// that holds it. A function that returns such a value is marked Built; a
// caller that may write the value is reported at the call ("FullSteps
// returns a actions.ActionTaskStep built with guarded field Status set
// (actions/task_state.go:28), and it is written here"). Code that only
// receives the value as an interface (a template, an encoder) reads it.
//
//	func Steps(own []*Step) []*Step {
//		pre := &Step{Name: "Set up job", Status: StatusRunning} // silent
//		return append([]*Step{pre}, own...)
//	}
//
//	func Page(w io.Writer, own []*Step) { tmpl.Execute(w, Steps(own)) } // silent
//	func Sync(db *xorm.Engine, own []*Step) { db.Insert(Steps(own)) }  // reported
//
// Reading a guarded field, and building a run without guarded fields, is
// fine. For oprun.Run the diagnostic names the (*oprun.Service)
// transition to use instead.
package directwrite

import _ "embed" // for the Analyzer's Doc

//go:embed doc.go
var doc string
