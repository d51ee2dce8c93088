// Package factstat measures the analysis facts that go vet -vettool
// writes: the .vetx files that unitchecker passes from each package to its
// importers. bench/vet-ratio.sh builds it into a small command over the
// same analyzers as the vet tool it measures.
//
// The directory it reads holds one file per package, named after its
// import path with "/" replaced by "~" and ending in .vetx (the script
// collects them with a wrapper around the vet tool). For the packages
// whose import path starts with a prefix it prints the bytes per package
// of the whole file, of its export data (recent unitcheckers write the
// package's types into the .vetx file too) and of its facts, in total and
// per fact type, and the number of facts. A fact type's bytes are those of
// its share of the file re-encoded alone, so the per-type figures add up
// to a little more than the total (each share repeats the gob type
// header).
package factstat

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"text/tabwriter"

	"golang.org/x/tools/go/analysis"
)

// gobFact is the unit of a .vetx file, as x/tools/internal/facts encodes it.
type gobFact struct {
	PkgPath string
	Object  string // an objectpath.Path, "" for a package fact
	Fact    analysis.Fact
}

// Run prints the statistics of the .vetx files in dir whose package path
// starts with prefix. analyzers are those of the vet tool that wrote them:
// their fact types (and their requirements') are registered with gob.
func Run(w io.Writer, dir, prefix string, analyzers ...*analysis.Analyzer) error {
	register(analyzers, map[*analysis.Analyzer]bool{})
	return report(w, dir, prefix)
}

// register registers the fact types of the analyzers and their
// requirements with gob, as unitchecker does.
func register(as []*analysis.Analyzer, seen map[*analysis.Analyzer]bool) {
	for _, a := range as {
		if seen[a] {
			continue
		}
		seen[a] = true
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
		register(a.Requires, seen)
	}
}

type stat struct {
	files, bytes, facts int
	max                 int
	maxPkg              string
}

func (s *stat) add(pkg string, bytes, facts int) {
	s.files++
	s.bytes += bytes
	s.facts += facts
	if bytes > s.max {
		s.max, s.maxPkg = bytes, pkg
	}
}

func report(w io.Writer, dir, prefix string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	file, exports, total := &stat{}, &stat{}, &stat{}
	byType := map[string]*stat{}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".vetx")
		if !ok {
			continue
		}
		pkg := strings.ReplaceAll(name, "~", "/")
		if !strings.HasPrefix(pkg, prefix) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		typesData, factsData, err := split(data)
		if err != nil {
			return fmt.Errorf("%s: %v", e.Name(), err)
		}
		var facts []gobFact
		if len(factsData) > 0 {
			if err := gob.NewDecoder(bytes.NewReader(factsData)).Decode(&facts); err != nil {
				return fmt.Errorf("%s: %v", e.Name(), err)
			}
		}
		file.add(pkg, len(data), 0)
		exports.add(pkg, len(typesData), 0)
		total.add(pkg, len(factsData), len(facts))
		groups := map[string][]gobFact{}
		for _, f := range facts {
			t := reflect.TypeOf(f.Fact).String()
			groups[t] = append(groups[t], f)
		}
		for t, g := range groups {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(g); err != nil {
				return err
			}
			if byType[t] == nil {
				byType[t] = &stat{}
			}
			byType[t].add(pkg, buf.Len(), len(g))
		}
	}
	if total.files == 0 {
		return fmt.Errorf("no .vetx files for %q in %s", prefix, dir)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "part\tpackages\tfacts\tbytes\tbytes/package\tmax bytes\t\tlargest\n")
	row := func(name string, s *stat) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t\t%s\n", name, s.files, s.facts, s.bytes, s.bytes/total.files, s.max, s.maxPkg)
	}
	row(".vetx file", file)
	row("  export data", exports)
	row("  all facts", total)
	types := make([]string, 0, len(byType))
	for t := range byType {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		row("  "+t, byType[t])
	}
	return tw.Flush()
}

// split returns the export data and the facts of a .vetx file: "vetx",
// two little-endian uint32 lengths, the export data, the facts. A file
// without the header is facts only (older x/tools).
func split(data []byte) (types, facts []byte, err error) {
	if len(data) < 12 || string(data[:4]) != "vetx" {
		return nil, data, nil
	}
	tl := int(binary.LittleEndian.Uint32(data[4:8]))
	fl := int(binary.LittleEndian.Uint32(data[8:12]))
	if 12+tl+fl > len(data) {
		return nil, nil, fmt.Errorf("truncated: %d bytes, header says %d", len(data), 12+tl+fl)
	}
	return data[12 : 12+tl], data[12+tl : 12+tl+fl], nil
}
