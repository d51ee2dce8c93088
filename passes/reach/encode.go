package reach

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A Path fact travels in every .vetx file downstream of its function's
// package (unitchecker re-exports the facts of methods), so it has a
// compact encoding: each hop's package path, package name, callee name and
// file name are front-coded against the previous hop's (a chain mostly
// stays in one module, so they share long prefixes), and positions are
// varints.

const pathEncoding = 1

// maxDecodedHops bounds what GobDecode accepts.
const maxDecodedHops = 1024

// GobEncode encodes p compactly.
func (p *Path) GobEncode() ([]byte, error) {
	buf := []byte{pathEncoding}
	buf = binary.AppendUvarint(buf, uint64(p.Elided))
	buf = binary.AppendUvarint(buf, uint64(len(p.Hops)))
	var prev [4]string
	for _, h := range p.Hops {
		file, line, col := splitAt(h.At)
		for i, s := range [4]string{h.Pkg, h.PkgName, h.Name, file} {
			n := commonPrefix(prev[i], s)
			buf = binary.AppendUvarint(buf, uint64(n))
			buf = binary.AppendUvarint(buf, uint64(len(s)-n))
			buf = append(buf, s[n:]...)
			prev[i] = s
		}
		buf = binary.AppendUvarint(buf, uint64(line))
		buf = binary.AppendUvarint(buf, uint64(col))
	}
	return buf, nil
}

// GobDecode decodes what GobEncode encoded.
func (p *Path) GobDecode(data []byte) error {
	d := decoder{data: data}
	if len(data) == 0 || data[0] != pathEncoding {
		return errors.New("reach.Path: unknown encoding")
	}
	d.data = d.data[1:]
	elided := d.uvarint()
	n := d.uvarint()
	if d.err == nil && (n > maxDecodedHops || elided > 1<<31) {
		d.err = fmt.Errorf("reach.Path: %d hops, %d elided: too many", n, elided)
	}
	var hops []Hop
	var prev [4]string
	for i := uint64(0); i < n && d.err == nil; i++ {
		var cur [4]string
		for j := range cur {
			shared := d.uvarint()
			suffix := d.bytes(d.uvarint())
			if d.err == nil && shared > uint64(len(prev[j])) {
				d.err = errors.New("reach.Path: bad prefix length")
			}
			if d.err != nil {
				break
			}
			cur[j] = prev[j][:shared] + string(suffix)
		}
		line, col := d.uvarint(), d.uvarint()
		if d.err != nil {
			break
		}
		prev = cur
		hops = append(hops, Hop{Pkg: cur[0], PkgName: cur[1], Name: cur[2], At: joinAt(cur[3], line, col)})
	}
	if d.err == nil && len(d.data) > 0 {
		d.err = errors.New("reach.Path: trailing data")
	}
	if d.err != nil {
		return d.err
	}
	*p = Path{Hops: hops, Elided: int(elided)}
	return nil
}

type decoder struct {
	data []byte
	err  error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.err = errors.New("reach.Path: truncated")
		return 0
	}
	d.data = d.data[n:]
	return v
}

func (d *decoder) bytes(n uint64) []byte {
	if d.err != nil {
		return nil
	}
	if n > uint64(len(d.data)) {
		d.err = errors.New("reach.Path: truncated")
		return nil
	}
	b := d.data[:n]
	d.data = d.data[n:]
	return b
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// splitAt splits "file:line:col" (line, col > 0). Anything else is kept
// whole, with line and col 0.
func splitAt(at string) (file string, line, col int) {
	i := strings.LastIndexByte(at, ':')
	if i < 0 {
		return at, 0, 0
	}
	j := strings.LastIndexByte(at[:i], ':')
	if j < 0 {
		return at, 0, 0
	}
	l, err1 := strconv.Atoi(at[j+1 : i])
	c, err2 := strconv.Atoi(at[i+1:])
	if err1 != nil || err2 != nil || l <= 0 || c <= 0 || strconv.Itoa(l) != at[j+1:i] || strconv.Itoa(c) != at[i+1:] {
		return at, 0, 0
	}
	return at[:j], l, c
}

func joinAt(file string, line, col uint64) string {
	if line == 0 || col == 0 {
		return file
	}
	return file + ":" + strconv.FormatUint(line, 10) + ":" + strconv.FormatUint(col, 10)
}
