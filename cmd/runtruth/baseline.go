package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// baselineVersion is the version of the baseline file format and of its
// fingerprints.
const baselineVersion = 1

// baseline is a file of accepted findings. Only the fingerprints are
// matched; the other fields are there for the people who review it.
type baseline struct {
	Version  int             `json:"runtruth_baseline"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Check       string `json:"check"`
	Package     string `json:"package"`
	File        string `json:"file"`
	Declaration string `json:"declaration,omitempty"`
	Message     string `json:"message"`
}

// newBaseline records the findings.
func newBaseline(findings []finding) *baseline {
	b := &baseline{Version: baselineVersion, Findings: []baselineEntry{}}
	for _, f := range findings {
		b.Findings = append(b.Findings, baselineEntry{
			Fingerprint: f.fingerprint,
			Check:       f.check,
			Package:     f.pkg.PkgPath,
			File:        filepath.Base(f.file),
			Declaration: f.decl,
			Message:     f.diag.Message,
		})
	}
	// An order without positions, so that a rewritten baseline changes
	// only where findings came or went.
	sort.SliceStable(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		switch {
		case x.Package != y.Package:
			return x.Package < y.Package
		case x.File != y.File:
			return x.File < y.File
		case x.Declaration != y.Declaration:
			return x.Declaration < y.Declaration
		case x.Check != y.Check:
			return x.Check < y.Check
		case x.Message != y.Message:
			return x.Message < y.Message
		}
		return x.Fingerprint < y.Fingerprint
	})
	return b
}

func readBaseline(path string) (*baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading baseline: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b baseline
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("baseline %s: data after the baseline object", path)
	}
	switch {
	case b.Version == 0:
		return nil, fmt.Errorf("baseline %s: not a runtruth baseline (no runtruth_baseline version); write one with -write-baseline", path)
	case b.Version != baselineVersion:
		return nil, fmt.Errorf("baseline %s: version %d, this runtruth reads version %d; rewrite it with -write-baseline", path, b.Version, baselineVersion)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s: finding %d has no fingerprint", path, i+1)
		}
	}
	return &b, nil
}

func (b *baseline) write(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("writing baseline: %w", err)
	}
	return nil
}

// filter returns the findings the baseline does not accept, and the
// number of baseline entries that matched no finding.
func (b *baseline) filter(findings []finding) ([]finding, int) {
	left := map[string]int{}
	for _, e := range b.Findings {
		left[e.Fingerprint]++
	}
	var out []finding
	for _, f := range findings {
		if left[f.fingerprint] > 0 {
			left[f.fingerprint]--
			continue
		}
		out = append(out, f)
	}
	stale := 0
	for _, n := range left {
		stale += n
	}
	return out, stale
}
