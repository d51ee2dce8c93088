package main

import (
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// relative returns path relative to dir when it lies below dir.
func relative(dir, path string) string {
	if dir == "" {
		return path
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return path
	}
	return rel
}

// edit is one text replacement in a file, in byte offsets.
type edit struct {
	start, end int
	text       []byte
}

// applyFixes applies the first suggested fix of every finding that has
// one. A fix whose edits overlap an edit already chosen is skipped whole.
// It returns the number of fixes applied.
func applyFixes(findings []finding) (int, error) {
	byFile := map[string][]edit{}
	applied := 0
	for _, f := range findings {
		if len(f.diag.SuggestedFixes) == 0 {
			continue
		}
		fix := f.diag.SuggestedFixes[0]
		var edits []edit
		file := ""
		ok := true
		for _, te := range fix.TextEdits {
			tf := f.pkg.Fset.File(te.Pos)
			if tf == nil {
				ok = false
				break
			}
			end := te.End
			if !end.IsValid() {
				end = te.Pos
			}
			if file != "" && tf.Name() != file {
				ok = false // fixes that span files are not applied
				break
			}
			file = tf.Name()
			edits = append(edits, edit{start: tf.Offset(te.Pos), end: tf.Offset(end), text: te.NewText})
		}
		if !ok || file == "" || overlaps(byFile[file], edits) {
			continue
		}
		byFile[file] = append(byFile[file], edits...)
		applied++
	}
	files := make([]string, 0, len(byFile))
	for file := range byFile {
		files = append(files, file)
	}
	sort.Strings(files)
	for _, file := range files {
		if err := rewrite(file, byFile[file]); err != nil {
			return 0, err
		}
	}
	return applied, nil
}

func overlaps(have, add []edit) bool {
	for _, a := range add {
		for _, h := range have {
			if a.start < h.end && h.start < a.end || a.start == h.start {
				return true
			}
		}
	}
	return false
}

func rewrite(file string, edits []edit) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("reading %s: %w", file, err)
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var out []byte
	last := 0
	for _, e := range edits {
		if e.start < last || e.end > len(src) {
			return fmt.Errorf("%s: suggested fix out of range", file)
		}
		out = append(out, src[last:e.start]...)
		out = append(out, e.text...)
		last = e.end
	}
	out = append(out, src[last:]...)
	if formatted, err := format.Source(out); err == nil {
		out = formatted
	}
	info, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("writing %s: %w", file, err)
	}
	if err := os.WriteFile(file, out, info.Mode().Perm()); err != nil {
		return fmt.Errorf("writing %s: %w", file, err)
	}
	return nil
}
