package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"os"
	"strings"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/passes/config"
)

// printToolID answers go vet's -V=full. The go command keys its cache of
// vet results on the line printed here (and on the tool's flags, and on the
// package's inputs), so the line changes with everything else that
// changes runtruth's findings: the executable, and the configuration file
// named by $RUNTRUTH_CONFIG or, without it, the one discovered from the
// working directory. A configuration named by -runtruth.config is keyed
// on its path only, as a flag; edit it and go vet may print results of
// the old one: name it with $RUNTRUTH_CONFIG instead.
func printToolID(w io.Writer) error {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("-V=full: %w", err)
	}
	if err := hashFile(h, exe); err != nil {
		return fmt.Errorf("-V=full: %w", err)
	}
	// Under plain go vet, a configuration that does not load stops go vet
	// here, with its error once, instead of failing every package. The
	// standalone driver has checked the configuration it uses (which
	// -settings may give instead of the discovered file) before.
	standalone := os.Getenv(envVetAll) == "1"
	file := os.Getenv(config.EnvVar)
	if file == "" {
		// Hash an error (a second configuration in the module) so that
		// fixing it reruns the analysis.
		if file, err = config.Find(".", true); err != nil {
			if !standalone {
				return err
			}
			fmt.Fprintf(h, "config error %v\n", err)
		}
	}
	if file != "" {
		// The content, not the path: the copies of one configuration (in
		// each checkout of a repository) share their cached results. Only
		// configuration errors name the file: a file that does not load is
		// hashed with its error, path included; an entry that loads but
		// does not fit a package is reported, from the cache, with the
		// path of the first identical copy analyzed.
		fmt.Fprintf(h, "config\n")
		if err := hashFile(h, file); err != nil {
			fmt.Fprintf(h, "config error %v\n", err)
		} else if err := loadChecked(file); err != nil {
			if !standalone {
				return err
			}
			fmt.Fprintf(h, "config error %v\n", err)
		}
	}
	if standalone {
		fmt.Fprintf(h, "%s\n", envVetAll)
	}
	// For a "devel" version go vet reads the ID from the line's last
	// field; for a release, the ID is the whole line: either way, the
	// hash.
	_, err = fmt.Fprintf(w, "runtruth version %s buildID=%x\n", version(), h.Sum(nil))
	return err
}

// loadChecked reads the configuration file and checks the names of the
// suite's checks that it gives.
func loadChecked(file string) error {
	cfg, err := config.Load(file)
	if err != nil {
		return err
	}
	return cfg.CheckNames(analyzers.Names())
}

func hashFile(h hash.Hash, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(h, f)
	return err
}

// envVetAll is set by the standalone driver for the go vet it runs: the
// tool then analyzes every package in full, dependencies too.
//
// go vet runs the tool on a package's dependencies "for facts only" and
// caches that run under the same key as a run for the package's own
// findings (go 1.26: the key does not say which), with no output. A later
// go vet of the dependency itself then replays the empty output: after
// go vet ./cmd/app, go vet ./internal/jobs (which cmd/app imports) prints
// no findings. Analysed in full, every cached result holds the package's
// findings, and the standalone driver keeps those of the packages it was
// asked for. The tool's identity (printToolID) tells the two modes apart,
// so their results never mix in the cache.
const envVetAll = "RUNTRUTH_VET_ALL"

// progressKey starts the line that the tool prints on its standard error,
// in the standalone driver's go vet, before it analyzes a package: it names
// the package for the driver's progress (-v). go vet puts a "# ID" line
// before it; the driver keeps both from the user's standard error.
const progressKey = "runtruth:progress "

// analyzeInFull rewrites the go vet configuration file that args end
// with, when it asks for facts only, into one that asks for the findings
// too, next to it, and points args at it.
func analyzeInFull(args []string) error {
	name := args[len(args)-1]
	if !strings.HasSuffix(name, ".cfg") {
		return nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	var cfg map[string]json.RawMessage
	if err := json.Unmarshal(data, &cfg); err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	// Name the package on the standard error, which go vet passes on as
	// the tool runs (a result from go vet's cache prints nothing): the
	// driver's -v progress.
	var id string
	if json.Unmarshal(cfg["ID"], &id) == nil && id != "" {
		fmt.Fprintf(os.Stderr, "%s%s\n", progressKey, id)
	}
	if string(cfg["VetxOnly"]) != "true" {
		return nil
	}
	cfg["VetxOnly"] = json.RawMessage("false")
	if data, err = json.Marshal(cfg); err != nil {
		return err
	}
	full := strings.TrimSuffix(name, ".cfg") + ".full.cfg"
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return err
	}
	args[len(args)-1] = full
	return nil
}
