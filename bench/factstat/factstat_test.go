package factstat

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// TestSplit: the .vetx layout of current x/tools (a header, export data,
// facts), the facts-only files of older versions, and a truncated file.
// TestVetx reads real files.
func TestSplit(t *testing.T) {
	file := func(types, facts string, extra int) []byte {
		var b bytes.Buffer
		b.WriteString("vetx")
		_ = binary.Write(&b, binary.LittleEndian, uint32(len(types)+extra))
		_ = binary.Write(&b, binary.LittleEndian, uint32(len(facts)))
		b.WriteString(types + facts)
		return b.Bytes()
	}
	types, facts, err := split(file("TYPES", "FACTS", 0))
	if err != nil || string(types) != "TYPES" || string(facts) != "FACTS" {
		t.Errorf("split = %q, %q, %v", types, facts, err)
	}
	types, facts, err = split([]byte("gob facts only"))
	if err != nil || types != nil || string(facts) != "gob facts only" {
		t.Errorf("facts-only file: split = %q, %q, %v", types, facts, err)
	}
	if _, _, err := split(file("TYPES", "FACTS", 100)); err == nil {
		t.Error("truncated file: no error")
	}
}
