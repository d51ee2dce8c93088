package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// changes are the lines of a git work tree changed since a revision:
// file (relative to the work tree, forward slashes) → changed line
// numbers; a nil set means the whole file is new.
type changes struct {
	top   *sources
	files map[string]map[int]bool
}

// changedLines runs git in dir ("" is the working directory) and returns
// the lines changed since rev: those that git diff -U0 REV shows as added
// or modified in the work tree, and every line of untracked files.
func changedLines(dir, rev string) (*changes, error) {
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("bad revision %q", rev)
	}
	top, err := gitTopLevel(dir)
	if err != nil {
		return nil, fmt.Errorf("not in a git work tree: %v", err)
	}
	diff, err := git(top, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--find-renames",
		"--src-prefix=a/", "--dst-prefix=b/", "-U0", rev, "--")
	if err != nil {
		return nil, err
	}
	c := &changes{top: &sources{root: top, files: map[string][]byte{}}, files: map[string]map[int]bool{}}
	if r, err := filepath.EvalSymlinks(top); err == nil {
		c.top.real = r
	}
	if err := parseDiff(diff, c.files); err != nil {
		return nil, err
	}
	untracked, err := git(top, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, err
	}
	for _, f := range strings.Split(string(untracked), "\x00") {
		if f != "" {
			c.files[f] = nil
		}
	}
	return c, nil
}

// filter keeps the findings on changed lines.
func (c *changes) filter(findings []finding) []finding {
	var out []finding
	for _, f := range findings {
		if c.has(f.file, f.line) {
			out = append(out, f)
		}
	}
	return out
}

// has reports whether line of file (an absolute path) changed.
func (c *changes) has(file string, line int) bool {
	rel, ok := c.top.rel(file)
	if !ok {
		return false
	}
	lines, changed := c.files[rel]
	return changed && (lines == nil || lines[line])
}

// parseDiff records the added and modified lines of a unified diff with
// zero lines of context, by the new file's name and line numbers.
//
// Inside a hunk every line is content until the hunk's line counts are
// used up, so an added line "++ x" (shown as "+++ x") is not taken for a
// file header; file headers only come between hunks.
func parseDiff(diff []byte, files map[string]map[int]bool) error {
	var lines map[int]bool
	var oldLeft, newLeft int // lines of the current hunk not yet read
	sc := bufio.NewScanner(bytes.NewReader(diff))
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if oldLeft > 0 || newLeft > 0 {
			inHunk := true
			switch {
			case strings.HasPrefix(line, "+"):
				newLeft--
			case strings.HasPrefix(line, "-"):
				oldLeft--
			case strings.HasPrefix(line, " "):
				oldLeft--
				newLeft--
			case strings.HasPrefix(line, `\`):
				// "\ No newline at end of file"
			default:
				// Not a content line: the hunk was shorter than its
				// header said.
				oldLeft, newLeft = 0, 0
				inHunk = false
			}
			if inHunk {
				continue
			}
		}
		switch {
		case strings.HasPrefix(line, "+++ "):
			name, err := diffFileName(strings.TrimPrefix(line, "+++ "))
			if err != nil {
				return err
			}
			if name == "/dev/null" {
				lines = nil // a deleted file
				continue
			}
			name = strings.TrimPrefix(name, "b/")
			if files[name] == nil {
				files[name] = map[int]bool{}
			}
			lines = files[name]
		case strings.HasPrefix(line, "@@ "):
			oldCount, start, count, err := hunkRanges(line)
			if err != nil {
				return err
			}
			oldLeft, newLeft = oldCount, count
			if lines == nil {
				continue
			}
			for l := start; l < start+count; l++ {
				lines[l] = true
			}
		case strings.HasPrefix(line, "diff "):
			lines = nil
		}
	}
	return sc.Err()
}

// diffFileName returns the file name of a "---" or "+++" line: git
// C-quotes unusual names and ends a name holding a space with a tab.
func diffFileName(s string) (string, error) {
	if strings.HasPrefix(s, `"`) {
		name, err := unquoteC(s)
		if err != nil {
			return "", fmt.Errorf("git diff: bad file name %s", s)
		}
		return name, nil
	}
	return strings.TrimSuffix(s, "\t"), nil
}

// unquoteC undoes git's C-style quoting of a file name: "..." with the
// escapes \a \b \t \n \v \f \r \" \\ and three-digit octal bytes. Other
// bytes are kept as they are (git leaves non-ASCII bytes unescaped with
// core.quotePath=false, and they need not be UTF-8); a tab git adds
// after the closing quote is ignored.
func unquoteC(s string) (string, error) {
	bad := fmt.Errorf("bad quoted name %s", s)
	if !strings.HasPrefix(s, `"`) {
		return "", bad
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			if rest := s[i+1:]; rest != "" && rest != "\t" {
				return "", bad
			}
			return b.String(), nil
		case '\\':
			i++
			if i >= len(s) {
				return "", bad
			}
			switch e := s[i]; e {
			case 'a':
				b.WriteByte('\a')
			case 'b':
				b.WriteByte('\b')
			case 't':
				b.WriteByte('\t')
			case 'n':
				b.WriteByte('\n')
			case 'v':
				b.WriteByte('\v')
			case 'f':
				b.WriteByte('\f')
			case 'r':
				b.WriteByte('\r')
			case '"', '\\':
				b.WriteByte(e)
			case '0', '1', '2', '3':
				if i+2 >= len(s) {
					return "", bad
				}
				v := 0
				for _, d := range []byte(s[i : i+3]) {
					if d < '0' || d > '7' {
						return "", bad
					}
					v = v*8 + int(d-'0')
				}
				b.WriteByte(byte(v))
				i += 2
			default:
				return "", bad
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", bad // no closing quote
}

// hunkRanges parses the line counts of the old file and the new file's
// range of a hunk header "@@ -a[,b] +c[,d] @@ ...".
func hunkRanges(header string) (oldCount, start, count int, err error) {
	bad := fmt.Errorf("git diff: bad hunk header %q", header)
	fields := strings.Fields(header)
	if len(fields) < 4 || fields[3] != "@@" {
		return 0, 0, 0, bad
	}
	_, oldCount, ok := parseRange(fields[1], "-")
	if !ok {
		return 0, 0, 0, bad
	}
	start, count, ok = parseRange(fields[2], "+")
	if !ok {
		return 0, 0, 0, bad
	}
	return oldCount, start, count, nil
}

// parseRange parses "-a[,b]" or "+c[,d]"; the count defaults to 1.
func parseRange(r, sign string) (start, count int, ok bool) {
	r, ok = strings.CutPrefix(r, sign)
	if !ok {
		return 0, 0, false
	}
	count = 1
	if s, c, found := strings.Cut(r, ","); found {
		r = s
		n, err := strconv.Atoi(c)
		if err != nil || n < 0 {
			return 0, 0, false
		}
		count = n
	}
	start, err := strconv.Atoi(r)
	if err != nil || start < 0 {
		return 0, 0, false
	}
	return start, count, true
}

// git runs git in dir and returns its standard output.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), strings.TrimSpace(stderr.String()))
		}
		return nil, fmt.Errorf("git: %w", err)
	}
	return out, nil
}
