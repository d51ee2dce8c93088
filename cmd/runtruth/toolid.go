package main

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

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
	file := os.Getenv(config.EnvVar)
	if file == "" {
		// An error (a second configuration in the module) is the
		// analysis's to report; hash it so that fixing it reruns it.
		if file, err = config.Find(".", true); err != nil {
			fmt.Fprintf(h, "config error %v\n", err)
		}
	}
	if file != "" {
		abs, err := filepath.Abs(file)
		if err != nil {
			return fmt.Errorf("-V=full: %w", err)
		}
		fmt.Fprintf(h, "config %s\n", abs)
		if err := hashFile(h, abs); err != nil {
			// The analysis reports a configuration it cannot read.
			fmt.Fprintf(h, "config error %v\n", err)
		}
	}
	// go vet reads the ID from a "devel" line's last field.
	_, err = fmt.Fprintf(w, "runtruth version devel buildID=%x\n", h.Sum(nil))
	return err
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
