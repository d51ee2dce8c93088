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
		rel, ok := c.top.rel(f.file)
		if !ok {
			continue
		}
		lines, changed := c.files[rel]
		if changed && (lines == nil || lines[f.line]) {
			out = append(out, f)
		}
	}
	return out
}

// parseDiff records the added and modified lines of a unified diff with
// zero lines of context, by the new file's name and line numbers.
func parseDiff(diff []byte, files map[string]map[int]bool) error {
	var lines map[int]bool
	sc := bufio.NewScanner(bytes.NewReader(diff))
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "+++ "):
			name := strings.TrimPrefix(line, "+++ ")
			if strings.HasPrefix(name, `"`) {
				unq, err := strconv.Unquote(name)
				if err != nil {
					return fmt.Errorf("git diff: bad file name %s", name)
				}
				name = unq
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
			if lines == nil {
				continue
			}
			start, count, err := hunkNew(line)
			if err != nil {
				return err
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

// hunkNew parses the new file's range of a hunk header
// "@@ -a[,b] +c[,d] @@ ...".
func hunkNew(header string) (start, count int, err error) {
	fields := strings.Fields(header)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return 0, 0, fmt.Errorf("git diff: bad hunk header %q", header)
	}
	r := strings.TrimPrefix(fields[2], "+")
	count = 1
	if s, c, ok := strings.Cut(r, ","); ok {
		r = s
		if count, err = strconv.Atoi(c); err != nil {
			return 0, 0, fmt.Errorf("git diff: bad hunk header %q", header)
		}
	}
	if start, err = strconv.Atoi(r); err != nil {
		return 0, 0, fmt.Errorf("git diff: bad hunk header %q", header)
	}
	return start, count, nil
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
