// Package bun stands in for github.com/uptrace/bun: the query builders
// that directwrite reads, with the library's names and signatures.
package bun

import (
	"context"
	"database/sql"
)

type DB struct{}

type UpdateQuery struct{}

type SelectQuery struct{}

func (db *DB) NewUpdate() *UpdateQuery { return &UpdateQuery{} }
func (db *DB) NewSelect() *SelectQuery { return &SelectQuery{} }

func (q *UpdateQuery) Model(model any) *UpdateQuery                              { return q }
func (q *UpdateQuery) Table(tables ...string) *UpdateQuery                       { return q }
func (q *UpdateQuery) Column(columns ...string) *UpdateQuery                     { return q }
func (q *UpdateQuery) Set(query string, args ...any) *UpdateQuery                { return q }
func (q *UpdateQuery) Where(query string, args ...any) *UpdateQuery              { return q }
func (q *UpdateQuery) WherePK(cols ...string) *UpdateQuery                       { return q }
func (q *UpdateQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

func (q *SelectQuery) Model(model any) *SelectQuery                 { return q }
func (q *SelectQuery) Column(columns ...string) *SelectQuery        { return q }
func (q *SelectQuery) Where(query string, args ...any) *SelectQuery { return q }
func (q *SelectQuery) Scan(ctx context.Context, dest ...any) error  { return nil }
