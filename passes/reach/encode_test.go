package reach

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"
)

func samplePath() *Path {
	return &Path{
		Hops: []Hop{
			{Pkg: "example.com/app/svc", PkgName: "svc", Name: "LoadTenant", At: "/src/app/web/page.go:12:9"},
			{Pkg: "example.com/app/store", PkgName: "store", Name: "(*Repo).Users", At: "/src/app/svc/svc.go:40:2"},
			{Pkg: "example.com/app/store", PkgName: "store", Name: "fetch", At: "/src/app/store/repo.go:7:14"},
			{Pkg: "github.com/microsoftgraph/msgraph-sdk-go", PkgName: "msgraphsdk", Name: "(*GraphServiceClient).Users", At: "C:\\src\\app\\store\\graph.go:3:1"},
			{Pkg: "", PkgName: "", Name: "odd", At: "-"},
			{Pkg: "p", PkgName: "p", Name: "f", At: "file.go:7"},
		},
		Elided: 3,
	}
}

func TestPathRoundTrip(t *testing.T) {
	for _, p := range []*Path{samplePath(), {}, {Hops: []Hop{{}}}} {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(p); err != nil {
			t.Fatal(err)
		}
		var q Path
		if err := gob.NewDecoder(&buf).Decode(&q); err != nil {
			t.Fatal(err)
		}
		if len(p.Hops) == 0 && len(q.Hops) == 0 && p.Elided == q.Elided {
			continue
		}
		if !reflect.DeepEqual(p, &q) {
			t.Errorf("round trip:\n got %+v\nwant %+v", q, *p)
		}
	}
}

func TestPathEncodingIsSmall(t *testing.T) {
	p := samplePath()
	data, err := p.GobEncode()
	if err != nil {
		t.Fatal(err)
	}
	raw := 0
	for _, h := range p.Hops {
		raw += len(h.Pkg) + len(h.PkgName) + len(h.Name) + len(h.At)
	}
	if len(data) >= raw {
		t.Errorf("encoding takes %d bytes, the strings alone %d", len(data), raw)
	}
}

func FuzzPathDecode(f *testing.F) {
	good, _ := samplePath().GobEncode()
	f.Add(good)
	f.Add([]byte{})
	f.Add([]byte{pathEncoding, 0, 1, 5, 0})
	f.Add(good[:len(good)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Path
		if err := p.GobDecode(data); err != nil {
			return
		}
		again, err := p.GobEncode()
		if err != nil {
			t.Fatal(err)
		}
		var q Path
		if err := q.GobDecode(again); err != nil {
			t.Fatalf("re-encoded path does not decode: %v", err)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("unstable: %+v vs %+v", p, q)
		}
	})
}

func TestPrepend(t *testing.T) {
	p := &Path{}
	for i := range MaxHops + 4 {
		p = prepend(Hop{Name: string(rune('a' + i))}, p)
		if len(p.Hops) > MaxHops {
			t.Fatalf("%d hops kept, want at most %d", len(p.Hops), MaxHops)
		}
	}
	if got, want := p.Len(), MaxHops+4; got != want {
		t.Errorf("Len = %d, want %d", got, want)
	}
	// The first hops and the provider call (the first hop prepended) stay.
	want := string(rune('a' + MaxHops + 3))
	if first, last := p.Hops[0].Name, p.Provider().Name; first != want || last != "a" {
		t.Errorf("kept %s … %s, want %s … a", first, last, want)
	}
}
