// Package squirrel stands in for github.com/Masterminds/squirrel: the
// builders that directwrite reads, with the library's names and
// signatures.
package squirrel

type UpdateBuilder struct{}

type InsertBuilder struct{}

type SelectBuilder struct{}

func Update(table string) UpdateBuilder      { return UpdateBuilder{} }
func Insert(into string) InsertBuilder       { return InsertBuilder{} }
func Select(columns ...string) SelectBuilder { return SelectBuilder{} }

func (b UpdateBuilder) Set(column string, value any) UpdateBuilder  { return b }
func (b UpdateBuilder) SetMap(clauses map[string]any) UpdateBuilder { return b }
func (b UpdateBuilder) Where(pred any, args ...any) UpdateBuilder   { return b }
func (b UpdateBuilder) ToSql() (string, []any, error)               { return "", nil, nil }

func (b InsertBuilder) Columns(columns ...string) InsertBuilder { return b }
func (b InsertBuilder) Values(values ...any) InsertBuilder      { return b }

func (b SelectBuilder) From(from string) SelectBuilder            { return b }
func (b SelectBuilder) Where(pred any, args ...any) SelectBuilder { return b }

func (b InsertBuilder) ToSql() (string, []any, error) { return "", nil, nil }
