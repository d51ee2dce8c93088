package runnotify

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"net/url"
	"path"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/runtruth/runtruth/analyzers/internal/advice"
	"github.com/runtruth/runtruth/internal/checkdoc"
	"github.com/runtruth/runtruth/passes/model"
)

// Analyzer reports run notifications and run links built outside their
// central API.
var Analyzer = &analysis.Analyzer{
	Name:       "runnotify",
	Doc:        checkdoc.MustExtract(doc, "runnotify"),
	URL:        "https://github.com/runtruth/runtruth#runnotify",
	Requires:   []*analysis.Analyzer{model.Analyzer, inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*model.Suppressed)(nil)),
}

type checker struct {
	pass  *analysis.Pass
	m     *model.Model
	rep   *model.Reporter
	links []model.LinkDecl // link builders of other packages
	// routes holds the pattern arguments of net/http route registrations:
	// a route is not a link.
	routes map[ast.Expr]bool
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	rep := m.NewReporter(pass)
	c := &checker{pass: pass, m: m, rep: rep, routes: map[ast.Expr]bool{}}
	// A package that declares a link builder builds links with its prefix;
	// another package's builder of the same prefix does not change that.
	own := map[string]bool{}
	for _, l := range m.Links() {
		if l.Pkg == pass.Pkg.Path() {
			own[l.Prefix] = true
		}
	}
	for _, l := range m.Links() {
		if l.Pkg != pass.Pkg.Path() && l.Prefix != "" && !own[l.Prefix] {
			c.links = append(c.links, l)
		}
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for fc := range ins.Root().Children() {
		f, ok := fc.Node().(*ast.File)
		if !ok || m.Skip(pass, f) {
			continue
		}
		fc.Inspect(nil, c.visit)
	}
	return rep.Result(), nil
}

// visit checks one node and reports whether to look inside it.
func (c *checker) visit(cur inspector.Cursor) bool {
	switch n := cur.Node().(type) {
	case *ast.ImportSpec:
		return false
	case *ast.CompositeLit:
		// An empty literal returned as a result is the zero value beside
		// an error (return oprun.Notification{}, err): no notification.
		if len(n.Elts) > 0 || cur.ParentEdgeKind() != edge.ReturnStmt_Results {
			c.notificationLit(n)
		}
	case *ast.CallExpr:
		c.notificationConversion(n)
		c.joinCall(n)
		c.routeCall(n)
	case *ast.BinaryExpr:
		if c.routes[n] {
			return false
		}
		return !c.concatenation(n)
	case *ast.BasicLit:
		if cur.ParentEdgeKind() != edge.Field_Tag && !c.routes[n] {
			c.stringLit(n)
		}
	}
	return true
}

// notification returns the named notification type that t is (through one
// pointer) when it is declared in another package, or nil.
func (c *checker) notification(t types.Type) *types.Named {
	f := c.m.TypeFact(t)
	if f == nil || !f.Notification {
		return nil
	}
	n := model.Named(t)
	if n == nil || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() == c.pass.Pkg.Path() {
		return nil
	}
	return n
}

func (c *checker) notificationLit(lit *ast.CompositeLit) {
	t := c.pass.TypesInfo.TypeOf(lit)
	if t == nil {
		return
	}
	if n := c.notification(t); n != nil {
		c.rep.Reportf(lit, "%s literal outside %s: %s", typeName(t), n.Obj().Pkg().Path(), notificationAdvice(n))
	}
}

// notificationConversion reports T(x) of a notification type T from a
// value of another type: a look-alike struct turned into a notification.
func (c *checker) notificationConversion(call *ast.CallExpr) {
	if len(call.Args) != 1 {
		return
	}
	fun, ok := c.pass.TypesInfo.Types[call.Fun]
	if !ok || !fun.IsType() {
		return
	}
	if _, named := types.Unalias(fun.Type).(*types.Named); !named {
		return
	}
	n := c.notification(fun.Type)
	if n == nil {
		return
	}
	arg := c.pass.TypesInfo.TypeOf(call.Args[0])
	if arg == nil || types.Identical(arg, fun.Type) {
		return
	}
	c.rep.Reportf(call, "conversion to %s builds a notification outside %s: %s", typeName(fun.Type), n.Obj().Pkg().Path(), notificationAdvice(n))
}

func notificationAdvice(n *types.Named) string {
	if n.Obj().Pkg().Path() == advice.OprunPath {
		return "the notification is sent by (*oprun.Service) on terminal transitions; opt in with StartRequest.Notify"
	}
	return "build notifications with the central notification API of " + n.Obj().Pkg().Path()
}

// link returns the first foreign link builder whose prefix s contains.
func (c *checker) link(s string) (model.LinkDecl, bool) {
	for _, l := range c.links {
		if strings.Contains(s, l.Prefix) {
			return l, true
		}
	}
	return model.LinkDecl{}, false
}

func (c *checker) reportLink(rng analysis.Range, l model.LinkDecl) {
	c.rep.Reportf(rng, "hand-built run link with route %q; use %s", l.Prefix, c.builderName(l))
}

func (c *checker) stringLit(lit *ast.BasicLit) {
	if lit.Kind != token.STRING || len(c.links) == 0 {
		return
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return
	}
	if l, ok := c.link(s); ok {
		c.reportLink(lit, l)
	}
}

// constString returns the value of e when it is a string constant.
func (c *checker) constString(e ast.Expr) (string, bool) {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// concatenation reports a constant concatenation that contains a link
// prefix none of its operands contains, and reports whether it did.
func (c *checker) concatenation(b *ast.BinaryExpr) bool {
	if b.Op != token.ADD || len(c.links) == 0 {
		return false
	}
	s, ok := c.constString(b)
	if !ok {
		return false
	}
	l, ok := c.link(s)
	if !ok {
		return false
	}
	for _, operand := range []ast.Expr{b.X, b.Y} {
		if v, ok := c.constString(operand); ok {
			if _, has := c.link(v); has {
				return false // the operand is reported, or was where it was declared
			}
		}
	}
	c.reportLink(b, l)
	return true
}

// joinCall reports path.Join and url.JoinPath calls whose leading constant
// arguments join into a run link route.
func (c *checker) joinCall(call *ast.CallExpr) {
	if len(c.links) == 0 || call.Ellipsis.IsValid() || len(call.Args) == 0 {
		return
	}
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return
	}
	join := func(elems []string) (string, bool) { return path.Join(elems...), true }
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "path.Join":
	case "net/url.JoinPath":
		join = func(elems []string) (string, bool) {
			s, err := url.JoinPath(elems[0], elems[1:]...)
			return s, err == nil
		}
	default:
		return
	}
	var consts []string
	for _, a := range call.Args {
		s, ok := c.constString(a)
		if !ok {
			break
		}
		if _, has := c.link(s); has {
			return // the argument itself is reported
		}
		consts = append(consts, s)
	}
	if len(consts) == 0 {
		return
	}
	joined, ok := join(consts)
	if !ok {
		return
	}
	if len(consts) < len(call.Args) && !strings.HasSuffix(joined, "/") {
		joined += "/" // more elements follow
	}
	if l, ok := c.link(joined); ok {
		c.reportLink(call, l)
	}
}

// routeCall records the pattern argument of a net/http route registration
// (http.Handle, http.HandleFunc and the ServeMux methods of those names):
// it declares the route that links point to, it does not build a link.
func (c *checker) routeCall(call *ast.CallExpr) {
	if len(c.links) == 0 || len(call.Args) == 0 {
		return
	}
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "net/http" || (fn.Name() != "Handle" && fn.Name() != "HandleFunc") {
		return
	}
	c.routes[ast.Unparen(call.Args[0])] = true
}

// typeName returns the type as code in another package writes it:
// "pkg.Name" or "pkg.Name[int]".
func typeName(t types.Type) string {
	return types.TypeString(types.Unalias(t), func(p *types.Package) string { return p.Name() })
}

// builderName returns "pkg.Func" for the link builder, with the name of
// its package as declared when the package is in view.
func (c *checker) builderName(l model.LinkDecl) string {
	name := path.Base(l.Pkg)
	if p := findPackage(c.pass.Pkg, l.Pkg, map[*types.Package]bool{}); p != nil {
		name = p.Name()
	}
	return fmt.Sprintf("%s.%s", name, l.Func)
}

// findPackage finds the package with the path among pkg and its
// dependencies.
func findPackage(pkg *types.Package, p string, seen map[*types.Package]bool) *types.Package {
	if pkg == nil || seen[pkg] {
		return nil
	}
	seen[pkg] = true
	if pkg.Path() == p {
		return pkg
	}
	for _, imp := range pkg.Imports() {
		if found := findPackage(imp, p, seen); found != nil {
			return found
		}
	}
	return nil
}
