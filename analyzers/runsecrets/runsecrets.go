package runsecrets

import (
	"go/token"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers/internal/advice"
	"github.com/runtruth/runtruth/internal/checkdoc"
	"github.com/runtruth/runtruth/passes/model"
	"github.com/runtruth/runtruth/passes/taint"
)

// Analyzer reports secrets, credentials, raw provider payloads and
// provider error bodies that flow into a run message, context or
// notification.
var Analyzer = &analysis.Analyzer{
	Name:       "runsecrets",
	Doc:        checkdoc.MustExtract(doc, "runsecrets"),
	URL:        "https://github.com/runtruth/runtruth#runsecrets",
	Requires:   []*analysis.Analyzer{model.Analyzer, taint.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	res := pass.ResultOf[taint.Analyzer].(*taint.Result)
	rep := m.NewReporter(pass)
	// Related information points into this package's files only: every
	// driver knows their positions (go vet knows no other package's).
	local := map[*token.File]bool{}
	for _, f := range pass.Files {
		local[pass.Fset.File(f.Pos())] = true
	}
	here := func(pos token.Pos) bool { return pos.IsValid() && local[pass.Fset.File(pos)] }
	for _, f := range res.Findings {
		d := analysis.Diagnostic{Pos: f.Pos, End: f.End, Message: message(f)}
		if pos := f.Source.Pos(); here(pos) {
			what := " is read here"
			if f.Source.FormattedAt != "" {
				what = " is formatted here, with the value that holds it"
			}
			d.Related = []analysis.RelatedInformation{{Pos: pos, Message: f.Source.Desc + what}}
		}
		for i, hop := range f.Sink.Hops() {
			if here(hop) && i < len(f.Sink.Via) {
				next := f.Sink.Target
				if i+1 < len(f.Sink.Via) {
					next = f.Sink.Via[i+1]
				}
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: hop, Message: f.Sink.Via[i] + " passes it to " + next + " here"})
			}
		}
		rep.Report(d)
	}
	return rep.Result(), nil
}

// message says which source reaches which sink and what to do instead.
func message(f taint.Finding) string {
	src := f.Source.Desc
	if f.Source.At != "" {
		src += " (" + f.Source.At + ")"
	}
	if f.Source.FormattedAt != "" && f.Source.FormattedAt != f.Source.At {
		src += ", formatted whole at " + f.Source.FormattedAt + ","
	}
	return src + " flows into " + describeSink(f.Sink) + "; " + remedy(f.Source.Kind, f.Sink.Pkg == advice.OprunPath)
}

func describeSink(s taint.Sink) string {
	target := s.Target
	if s.Field {
		target = "field " + target
	}
	if len(s.Via) == 0 {
		if s.Field {
			return s.Kind.String() + " " + target
		}
		return s.Kind.String() + " through " + target
	}
	return s.Kind.String() + " through " + strings.Join(s.Via, " → ") + " → " + target
}

func remedy(k taint.Kind, oprun bool) string {
	switch k {
	case taint.KindProviderError:
		return advice.MapError(oprun)
	case taint.KindBody, taint.KindDump:
		return advice.DropPayload(oprun)
	}
	return advice.RedactSecret(oprun)
}
