// Package sqlwrite finds the writes in SQL text: which tables an UPDATE,
// INSERT, REPLACE or upsert writes and which columns it sets. It reads
// PostgreSQL, MySQL and SQLite syntax with a tokenizer that knows string
// literals (with doubled quotes, backslash escapes and dollar quoting), quoted
// identifiers ("x", `x`, [x]) and comments, so that SQL inside a string
// value or a comment is never taken for a write. It is not a parser: it
// reads the statement shapes that write columns and skips the rest.
package sqlwrite

import (
	"strings"
)

// A Write is one statement's write of a table.
type Write struct {
	Table   string   // unquoted, lower case, without its schema
	Columns []string // the columns it sets, unquoted, lower case
	// Insert is true for INSERT and REPLACE (which set the listed
	// columns, or every column when none is listed), false for UPDATE
	// and for the update of an upsert.
	Insert bool
	// AllColumns is true for an INSERT without a column list.
	AllColumns bool
}

type kind int

const (
	word  kind = iota // a keyword or an unquoted identifier
	ident             // a quoted identifier
	str               // a string literal
	punct             // one punctuation character
	other             // numbers, parameters, operators
)

type token struct {
	kind kind
	text string // lower case for words, unquoted for identifiers
}

// tokenize splits sql into tokens, dropping comments and white space.
func tokenize(sql string) []token {
	var out []token
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-', c == '#':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				return out
			}
			i += end + 4
		case c == '\'':
			j := i + 1
			for j < len(sql) {
				if sql[j] == '\\' && j+1 < len(sql) {
					j += 2
					continue
				}
				if sql[j] == '\'' {
					if j+1 < len(sql) && sql[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			out = append(out, token{str, ""})
			i = j + 1
		case c == '"' || c == '`' || c == '[':
			closing := c
			if c == '[' {
				closing = ']'
			}
			j := i + 1
			var b strings.Builder
			for j < len(sql) {
				if sql[j] == closing {
					if closing != ']' && j+1 < len(sql) && sql[j+1] == closing {
						b.WriteByte(closing)
						j += 2
						continue
					}
					break
				}
				b.WriteByte(sql[j])
				j++
			}
			out = append(out, token{ident, strings.ToLower(b.String())})
			i = j + 1
		case c == '$' && i+1 < len(sql) && (sql[i+1] == '$' || isIdentStart(sql[i+1])):
			// $1 is a parameter; $tag$ … $tag$ and $$ … $$ are strings.
			j := i + 1
			for j < len(sql) && isIdentPart(sql[j]) {
				j++
			}
			if j < len(sql) && sql[j] == '$' {
				tag := sql[i : j+1]
				end := strings.Index(sql[j+1:], tag)
				if end < 0 {
					return append(out, token{str, ""})
				}
				out = append(out, token{str, ""})
				i = j + 1 + end + len(tag)
				continue
			}
			out = append(out, token{other, sql[i:j]})
			i = j
		case isIdentStart(c):
			j := i
			for j < len(sql) && isIdentPart(sql[j]) {
				j++
			}
			out = append(out, token{word, strings.ToLower(sql[i:j])})
			i = j
		case strings.IndexByte("(),.;=", c) >= 0:
			out = append(out, token{punct, string(c)})
			i++
		default:
			j := i + 1
			for j < len(sql) && !isIdentStart(sql[j]) && strings.IndexByte(" \t\n\r\f'\"`[(),.;=$-/#", sql[j]) < 0 {
				j++
			}
			out = append(out, token{other, sql[i:j]})
			i = j
		}
	}
	return out
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// Writes returns the writes of the statements in sql, in order.
func Writes(sql string) []Write {
	toks := tokenize(sql)
	var out []Write
	for len(toks) > 0 {
		end := 0
		depth := 0
		for end < len(toks) {
			t := toks[end]
			if t.kind == punct {
				switch t.text {
				case "(":
					depth++
				case ")":
					depth--
				case ";":
					if depth <= 0 {
						goto split
					}
				}
			}
			end++
		}
	split:
		out = append(out, statement(toks[:end])...)
		if end < len(toks) {
			end++
		}
		toks = toks[end:]
	}
	return out
}

// statement reads one statement's writes.
func statement(toks []token) []Write {
	p := &parser{toks: toks}
	p.skipWith()
	switch {
	case p.word("update"):
		p.skipWords("only", "low_priority", "ignore", "or", "rollback", "abort", "replace", "fail")
		table, ok := p.table()
		if !ok {
			return nil
		}
		p.alias("set")
		if !p.word("set") {
			return nil
		}
		return []Write{{Table: table, Columns: p.assignments()}}
	case p.word("insert"), p.word("replace"), p.word("upsert"):
		p.skipWords("or", "replace", "ignore", "rollback", "abort", "fail", "low_priority", "delayed", "high_priority")
		p.word("into")
		table, ok := p.table()
		if !ok {
			return nil
		}
		p.alias("(", "values", "select", "default", "set", "on")
		w := Write{Table: table, Insert: true}
		switch {
		case p.punct("("):
			w.Columns = p.columnList()
		case p.word("set"): // MySQL INSERT … SET col = …
			w.Columns = p.assignments()
		default:
			w.AllColumns = true
		}
		out := []Write{w}
		if cols := p.upsert(); cols != nil {
			out = append(out, Write{Table: table, Columns: cols})
		}
		return out
	}
	return nil
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() (token, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return token{}, false
}

func (p *parser) word(w string) bool {
	if t, ok := p.peek(); ok && t.kind == word && t.text == w {
		p.i++
		return true
	}
	return false
}

func (p *parser) punct(s string) bool {
	if t, ok := p.peek(); ok && t.kind == punct && t.text == s {
		p.i++
		return true
	}
	return false
}

func (p *parser) skipWords(ws ...string) {
	for {
		t, ok := p.peek()
		if !ok || t.kind != word {
			return
		}
		found := false
		for _, w := range ws {
			if t.text == w {
				found = true
			}
		}
		if !found {
			return
		}
		p.i++
	}
}

// skipWith skips a WITH clause: WITH [RECURSIVE] name [(cols)] AS
// [NOT] [MATERIALIZED] (…), ….
func (p *parser) skipWith() {
	if !p.word("with") {
		return
	}
	p.word("recursive")
	for {
		if _, ok := p.name(); !ok {
			return
		}
		if p.punct("(") {
			p.skipParens()
		}
		if !p.word("as") {
			return
		}
		p.word("not")
		p.word("materialized")
		if !p.punct("(") {
			return
		}
		p.skipParens()
		if !p.punct(",") {
			return
		}
	}
}

// skipParens skips to the parenthesis that closes one just read.
func (p *parser) skipParens() {
	depth := 1
	for depth > 0 {
		t, ok := p.peek()
		if !ok {
			return
		}
		p.i++
		if t.kind == punct {
			switch t.text {
			case "(":
				depth++
			case ")":
				depth--
			}
		}
	}
}

// name reads an identifier, quoted or not.
func (p *parser) name() (string, bool) {
	t, ok := p.peek()
	if !ok || t.kind != word && t.kind != ident || t.text == "" {
		return "", false
	}
	p.i++
	return t.text, true
}

// table reads a table name with an optional schema (and database)
// prefix and returns its last part.
func (p *parser) table() (string, bool) {
	name, ok := p.name()
	if !ok {
		return "", false
	}
	for p.punct(".") {
		if name, ok = p.name(); !ok {
			return "", false
		}
	}
	return name, true
}

// alias skips an optional table alias ([AS] a) that is not one of the
// words that may follow the table.
func (p *parser) alias(follow ...string) {
	as := p.word("as")
	t, ok := p.peek()
	if !ok || t.kind != word && t.kind != ident {
		return
	}
	if !as && t.kind == word {
		for _, w := range follow {
			if t.text == w {
				return
			}
		}
	}
	p.i++
}

// columnList reads "a, b, c)" after an opening parenthesis.
func (p *parser) columnList() []string {
	var cols []string
	for {
		name, ok := p.name()
		if !ok {
			p.skipParens()
			return cols
		}
		for p.punct(".") {
			if name, ok = p.name(); !ok {
				break
			}
		}
		cols = append(cols, name)
		if p.punct(")") {
			return cols
		}
		if !p.punct(",") {
			p.skipParens()
			return cols
		}
	}
}

// assignments reads "col = expr, t.col = expr, (a, b) = (…)" up to the
// end of the SET list and returns the columns set (without their table or
// alias).
func (p *parser) assignments() []string {
	var cols []string
	for {
		if p.punct("(") {
			cols = append(cols, p.columnList()...)
		} else {
			name, ok := p.name()
			if !ok {
				return cols
			}
			for p.punct(".") {
				if name, ok = p.name(); !ok {
					return cols
				}
			}
			cols = append(cols, name)
		}
		if !p.punct("=") {
			return cols
		}
		// The value: up to a comma at depth 0 or a clause keyword.
		depth := 0
		for {
			t, ok := p.peek()
			if !ok {
				return cols
			}
			if t.kind == punct {
				switch t.text {
				case "(":
					depth++
				case ")":
					if depth == 0 {
						return cols
					}
					depth--
				case ",":
					if depth == 0 {
						p.i++
						goto next
					}
				}
			}
			if depth == 0 && t.kind == word {
				switch t.text {
				case "where", "from", "returning", "order", "limit", "on":
					return cols
				}
			}
			p.i++
		}
	next:
	}
}

// upsert reads the rest of an INSERT for ON CONFLICT … DO UPDATE SET …
// (PostgreSQL, SQLite) or ON DUPLICATE KEY UPDATE … (MySQL), and returns
// the columns it sets, or nil.
func (p *parser) upsert() []string {
	for p.i < len(p.toks) {
		if p.word("on") {
			switch {
			case p.word("conflict"):
				for p.i < len(p.toks) {
					if p.word("do") {
						if p.word("update") && p.word("set") {
							return p.assignments()
						}
						return nil
					}
					p.i++
				}
				return nil
			case p.word("duplicate"):
				if p.word("key") && p.word("update") {
					return p.assignments()
				}
				return nil
			}
			continue
		}
		p.i++
	}
	return nil
}
