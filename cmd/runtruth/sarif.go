package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/internal/checkdoc"
)

// The subset of SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/)
// that runtruth writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                        `json:"tool"`
		Invocations        []sarifInvocation                `json:"invocations"`
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult                    `json:"results"`
		ColumnKind         string                           `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name"`
		ShortDescription     sarifText          `json:"shortDescription"`
		FullDescription      sarifText          `json:"fullDescription"`
		Help                 sarifText          `json:"help"`
		HelpURI              string             `json:"helpUri"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
		Properties           *sarifProperties   `json:"properties,omitempty"`
	}
	sarifProperties struct {
		Tags             []string `json:"tags,omitempty"`
		SecuritySeverity string   `json:"security-severity,omitempty"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level   string    `json:"level"`
		Message sarifText `json:"message"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
	}
	sarifLocation struct {
		ID               *int                   `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation  `json:"physicalLocation"`
		LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
		Message          *sarifText             `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           sarifRegion           `json:"region"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	sarifLogicalLocation struct {
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind,omitempty"`
	}
	sarifFix struct {
		Description     sarifText             `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Replacements     []sarifReplacement    `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion `json:"deletedRegion"`
		InsertedContent *sarifText  `json:"insertedContent,omitempty"`
	}
)

const (
	sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// srcRoot is the uriBaseId of the source root.
	srcRoot = "%SRCROOT%"
	// fingerprintKey names runtruth's fingerprint in partialFingerprints;
	// the same value identifies the finding in a baseline file.
	fingerprintKey = "runtruthFingerprint/v1"
	projectURI     = "https://github.com/runtruth/runtruth"
)

// printSARIF prints the findings as one SARIF 2.1.0 run.
func printSARIF(w io.Writer, findings []finding, loadErrs []string, src *sources, level func(check string) string) error {
	run := sarifRun{
		Tool:        sarifTool{Driver: sarifDriver{Name: "runtruth", Version: version(), InformationURI: projectURI}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: len(loadErrs) == 0}},
		Results:     []sarifResult{},
		ColumnKind:  "utf16CodeUnits",
	}
	for _, e := range loadErrs {
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifText{Text: e}})
	}
	if src.root != "" {
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(src.root)}
		if !strings.HasPrefix(u.Path, "/") {
			u.Path = "/" + u.Path // a Windows drive letter
		}
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
		}
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{srcRoot: {URI: u.String()}}
	}

	ruleIndex := map[string]int{}
	for _, a := range analyzers.All() {
		ruleIndex[a.Name] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(a, level(a.Name)))
	}
	for _, f := range findings {
		idx, ok := ruleIndex[f.check]
		if !ok {
			// Not one of the suite's checks; describe it anyway.
			idx = len(run.Tool.Driver.Rules)
			ruleIndex[f.check] = idx
			rule := sarifRuleOf(f.analyzer, level(f.check))
			rule.ID, rule.Name = f.check, f.check
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, rule)
		}
		run.Results = append(run.Results, sarifResultOf(f, idx, src, level(f.check)))
	}

	log := sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
	data, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// securitySeverity is the security-severity of runsecrets' rule by level:
// GitHub code scanning shows 7.0–8.9 as high, 4.0–6.9 as medium and
// 0.1–3.9 as low.
var securitySeverity = map[string]string{"error": "8.0", "warning": "5.0", "note": "2.0"}

func sarifRuleOf(a *analysis.Analyzer, level string) sarifRule {
	if a == nil {
		a = &analysis.Analyzer{Name: "runtruth", Doc: "runtruth check", URL: projectURI}
	}
	short, full := checkdoc.Summary(a.Doc), strings.TrimSpace(a.Doc)
	rule := sarifRule{
		ID:                   a.Name,
		Name:                 a.Name,
		ShortDescription:     sarifText{Text: short},
		FullDescription:      sarifText{Text: full},
		Help:                 sarifText{Text: full + "\n\n" + a.URL, Markdown: fmt.Sprintf("%s\n\n[runtruth %s](%s)", full, a.Name, a.URL)},
		HelpURI:              a.URL,
		DefaultConfiguration: sarifConfiguration{Level: level},
	}
	if a.Name == "runsecrets" {
		// A secret in a run message is a security finding: code scanning
		// ranks it by security-severity.
		rule.Properties = &sarifProperties{Tags: []string{"security"}, SecuritySeverity: securitySeverity[level]}
	}
	return rule
}

func sarifResultOf(f finding, ruleIndex int, src *sources, level string) sarifResult {
	fset := f.pkg.Fset
	res := sarifResult{
		RuleID:              f.check,
		RuleIndex:           ruleIndex,
		Level:               level,
		Message:             sarifText{Text: f.diag.Message},
		PartialFingerprints: map[string]string{fingerprintKey: f.fingerprint},
	}
	loc := sarifLocation{PhysicalLocation: src.physical(f.file, f.line, f.col, f.end.Line, f.end.Column)}
	if f.decl != "" {
		kind, name, _ := strings.Cut(f.decl, " ")
		if kind == "func" {
			kind = "function"
		}
		loc.LogicalLocations = []sarifLogicalLocation{{FullyQualifiedName: f.pkg.PkgPath + "." + name, Kind: kind}}
	}
	res.Locations = []sarifLocation{loc}

	for i, r := range f.diag.Related {
		p := fset.Position(r.Pos)
		if !p.IsValid() {
			continue
		}
		var endLine, endCol int
		if r.End.IsValid() && r.End > r.Pos {
			e := fset.Position(r.End)
			endLine, endCol = e.Line, e.Column
		}
		id := i + 1
		res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
			ID:               &id,
			PhysicalLocation: src.physical(p.Filename, p.Line, p.Column, endLine, endCol),
			Message:          &sarifText{Text: r.Message},
		})
	}

	for _, fix := range f.diag.SuggestedFixes {
		byFile := map[string][]sarifReplacement{}
		var files []string
		for _, e := range fix.TextEdits {
			start := fset.Position(e.Pos)
			end := start
			if e.End.IsValid() {
				end = fset.Position(e.End)
			}
			if !start.IsValid() {
				continue
			}
			sl, sc := src.column(start.Filename, start.Line, start.Column)
			el, ec := src.column(end.Filename, end.Line, end.Column)
			rep := sarifReplacement{DeletedRegion: sarifRegion{StartLine: sl, StartColumn: sc, EndLine: el, EndColumn: ec}}
			if len(e.NewText) > 0 {
				rep.InsertedContent = &sarifText{Text: string(e.NewText)}
			}
			if _, ok := byFile[start.Filename]; !ok {
				files = append(files, start.Filename)
			}
			byFile[start.Filename] = append(byFile[start.Filename], rep)
		}
		if len(files) == 0 {
			continue
		}
		sort.Strings(files)
		sf := sarifFix{Description: sarifText{Text: fix.Message}}
		for _, file := range files {
			sf.ArtifactChanges = append(sf.ArtifactChanges, sarifArtifactChange{
				ArtifactLocation: src.artifact(file),
				Replacements:     byFile[file],
			})
		}
		res.Fixes = append(res.Fixes, sf)
	}
	return res
}

// artifact locates a file relative to the source root when it lies below
// it, else by its absolute file URI.
func (s *sources) artifact(file string) sarifArtifactLocation {
	if r, ok := s.rel(file); ok {
		return sarifArtifactLocation{URI: (&url.URL{Path: r}).EscapedPath(), URIBaseID: srcRoot}
	}
	p := filepath.ToSlash(file)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return sarifArtifactLocation{URI: (&url.URL{Scheme: "file", Path: p}).String()}
}

// physical is the location of a region of a file given in Go's byte
// columns; endLine 0 means the region has no known end.
func (s *sources) physical(file string, line, col, endLine, endCol int) sarifPhysicalLocation {
	sl, sc := s.column(file, line, col)
	region := sarifRegion{StartLine: sl, StartColumn: sc}
	if endLine > 0 {
		region.EndLine, region.EndColumn = s.column(file, endLine, endCol)
	}
	return sarifPhysicalLocation{ArtifactLocation: s.artifact(file), Region: region}
}
