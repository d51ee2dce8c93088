// Command runtruth runs runtruth's checks.
//
// Standalone:
//
//	runtruth [flags] PACKAGES
//
// As a go vet tool, with the same findings:
//
//	go vet -vettool=$(command -v runtruth) ./...
//
// Output formats (-format): text, json (go vet's schema), sarif (SARIF
// 2.1.0) and github (GitHub Actions workflow annotations). -baseline FILE
// accepts the findings recorded by -write-baseline FILE; -new-from-rev REV
// reports only findings on lines changed since a git revision.
//
// Exit status: 0 no findings, 1 findings, 2 bad usage or configuration,
// 3 packages that failed to load or type-check.
package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/runtruth/runtruth/analyzers"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-V=full" {
		if err := printToolID(os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "runtruth: %v\n", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if vetMode(os.Args[1:]) {
		// go vet runs the tool once per package with a .cfg file, after
		// asking it for its version (-V=full) and flags (-flags).
		if args := os.Args[1:]; len(args) > 0 && vetStandard(args[len(args)-1]) {
			os.Exit(0)
		}
		if os.Getenv(envVetAll) == "1" {
			if err := analyzeInFull(os.Args); err != nil {
				fmt.Fprintf(os.Stderr, "runtruth: %v\n", err)
				os.Exit(1)
			}
		}
		unitchecker.Main(append(analyzers.All(), analyzers.Model, analyzers.Evidence)...)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// vetMode reports whether the arguments are those of the go vet protocol.
func vetMode(args []string) bool {
	for _, a := range args {
		if a == "-V=full" || a == "-V" || a == "-flags" || a == "--flags" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
