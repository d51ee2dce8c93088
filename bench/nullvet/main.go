// Command nullvet is a go vet tool with no analyzers. bench/standalone.sh
// runs it once to put in a build cache everything that go vet needs
// besides the analyses: the export data of every package and test
// variant. Each timed run then starts from a copy of that cache.
package main

import "golang.org/x/tools/go/analysis/unitchecker"

func main() { unitchecker.Main() }
