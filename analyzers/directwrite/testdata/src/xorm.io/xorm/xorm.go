// Package xorm stands in for xorm.io/xorm: the methods of *Engine and
// *Session that directwrite reads, with the library's names and
// signatures.
package xorm

type Engine struct{}

type Session struct{}

func (e *Engine) ID(id any) *Session                               { return &Session{} }
func (e *Engine) Table(tableNameOrBean any) *Session               { return &Session{} }
func (e *Engine) Where(query any, args ...any) *Session            { return &Session{} }
func (e *Engine) Cols(columns ...string) *Session                  { return &Session{} }
func (e *Engine) Update(bean any, condiBean ...any) (int64, error) { return 0, nil }
func (e *Engine) Insert(beans ...any) (int64, error)               { return 0, nil }
func (e *Engine) Get(beans ...any) (bool, error)                   { return false, nil }

func (s *Session) ID(id any) *Session                               { return s }
func (s *Session) Table(tableNameOrBean any) *Session               { return s }
func (s *Session) Where(query any, args ...any) *Session            { return s }
func (s *Session) Cols(columns ...string) *Session                  { return s }
func (s *Session) MustCols(columns ...string) *Session              { return s }
func (s *Session) Update(bean any, condiBean ...any) (int64, error) { return 0, nil }
func (s *Session) Get(beans ...any) (bool, error)                   { return false, nil }
func (s *Session) Find(rowsSlicePtr any, condiBean ...any) error    { return nil }
