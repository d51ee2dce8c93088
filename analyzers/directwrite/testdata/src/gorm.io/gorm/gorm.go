// Package gorm stands in for gorm.io/gorm: the methods of *DB that
// directwrite reads, with the library's names and signatures.
package gorm

type DB struct{}

func (db *DB) Model(value any) *DB                       { return db }
func (db *DB) Table(name string, args ...any) *DB        { return db }
func (db *DB) Where(query any, args ...any) *DB          { return db }
func (db *DB) Select(query any, args ...any) *DB         { return db }
func (db *DB) Omit(columns ...string) *DB                { return db }
func (db *DB) Order(value any) *DB                       { return db }
func (db *DB) Update(column string, value any) *DB       { return db }
func (db *DB) UpdateColumn(column string, value any) *DB { return db }
func (db *DB) Updates(values any) *DB                    { return db }
func (db *DB) UpdateColumns(values any) *DB              { return db }
func (db *DB) Save(value any) *DB                        { return db }
func (db *DB) Find(dest any, conds ...any) *DB           { return db }
func (db *DB) Pluck(column string, dest any) *DB         { return db }
func (db *DB) Exec(sql string, values ...any) *DB        { return db }
