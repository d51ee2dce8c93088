package factstat

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers/renderprovider"
	"github.com/runtruth/runtruth/passes/reach"
)

func TestRun(t *testing.T) {
	register([]*analysis.Analyzer{renderprovider.Analyzer}, map[*analysis.Analyzer]bool{})
	var facts bytes.Buffer
	err := gob.NewEncoder(&facts).Encode([]gobFact{
		{PkgPath: "example.com/a", Object: "F", Fact: &reach.Path{Hops: []reach.Hop{{Pkg: "example.com/g", PkgName: "g", Name: "Get", At: "/a/a.go:3:4"}}}},
		{PkgPath: "example.com/a", Fact: &reach.PackageFact{Reaches: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	types := []byte("export data")
	var file bytes.Buffer
	file.WriteString("vetx")
	_ = binary.Write(&file, binary.LittleEndian, uint32(len(types)))
	_ = binary.Write(&file, binary.LittleEndian, uint32(facts.Len()))
	file.Write(types)
	file.Write(facts.Bytes())

	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"example.com~a.vetx": file.Bytes(),
		"other~b.vetx":       facts.Bytes(), // the older facts-only format
		"README":             []byte("not a .vetx file"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := Run(&out, dir, "example.com/", renderprovider.Analyzer); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".vetx file", "export data", "all facts", "*reach.Path", "*reach.PackageFact", "example.com/a"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "other/b") {
		t.Errorf("output has a package outside the prefix:\n%s", out.String())
	}
	out.Reset()
	if err := Run(&out, dir, "", renderprovider.Analyzer); err != nil {
		t.Fatalf("facts-only file: %v", err)
	}
	if err := Run(&out, dir, "nothing/"); err == nil {
		t.Error("no error for a prefix without files")
	}
}
