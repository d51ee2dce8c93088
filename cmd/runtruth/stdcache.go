package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"time"
)

// envCache names the directory where runtruth keeps the types of standard
// library packages (see vetStandard); "off" keeps none.
const envCache = "RUNTRUTH_CACHE"

// stdCache keeps the .vetx files that vetStandard computes. go vet keys
// its own cache on the tool's identity and flags, which change with the
// configuration, so each configuration would type-check the standard
// library again; a package's types do not depend on either. Entries are
// keyed on everything that goes into them (stdKey), written atomically,
// and removed when unused for five days, as the go command trims its
// cache. A cache that cannot be read or written costs time only: the
// types are computed instead.
type stdCache struct{ dir string }

// openStdCache returns the cache that $RUNTRUTH_CACHE names, or by default
// runtruth/std in the user's cache directory; ok is false when caching is
// off or there is no cache directory.
func openStdCache() (c stdCache, ok bool) {
	dir := os.Getenv(envCache)
	switch dir {
	case "off":
		return stdCache{}, false
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return stdCache{}, false
		}
		dir = filepath.Join(base, "runtruth")
	}
	return stdCache{dir: filepath.Join(dir, "std")}, true
}

const (
	stdCacheUnused = 5 * 24 * time.Hour // an entry unused this long goes
	stdCacheTrim   = 24 * time.Hour     // trim at most this often
	stdCacheTouch  = time.Hour          // refresh a used entry's time at most this often
)

func (c stdCache) path(key string) string {
	return filepath.Join(c.dir, key[:2], key+".vetx")
}

// get returns the entry of key, if there is one.
func (c stdCache) get(key string) ([]byte, bool) {
	name := c.path(key)
	data, err := os.ReadFile(name)
	if err != nil || len(data) < 12 || string(data[:4]) != vetxMagic {
		return nil, false
	}
	if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > stdCacheTouch {
		now := time.Now()
		_ = os.Chtimes(name, now, now) // only delays its trimming
	}
	return data, true
}

// put stores data as the entry of key, and now and then removes the
// entries unused for stdCacheUnused. It is best effort: an entry that is
// not stored is computed again.
func (c stdCache) put(key string, data []byte) {
	dir := filepath.Dir(c.path(key))
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return
	}
	f, err := os.CreateTemp(dir, "tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), c.path(key)) != nil {
		_ = os.Remove(f.Name())
		return
	}
	c.trim()
}

// trim removes the entries unused for stdCacheUnused, at most once every
// stdCacheTrim.
func (c stdCache) trim() {
	mark := filepath.Join(c.dir, "trim.txt")
	if fi, err := os.Stat(mark); err == nil && time.Since(fi.ModTime()) < stdCacheTrim {
		return
	}
	if err := os.WriteFile(mark, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o666); err != nil {
		return
	}
	subdirs, _ := os.ReadDir(c.dir)
	for _, sub := range subdirs {
		if !sub.IsDir() {
			continue
		}
		entries, _ := os.ReadDir(filepath.Join(c.dir, sub.Name()))
		for _, e := range entries {
			if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > stdCacheUnused {
				_ = os.Remove(filepath.Join(c.dir, sub.Name(), e.Name()))
			}
		}
	}
}

// stdKey returns the cache key of the types stdTypes computes for cfg:
// the toolchain that type-checks and writes them (Go's version and
// golang.org/x/tools', or this executable when x/tools has no version),
// the platform, the package (import path, language version, its files by
// name, size and modification time, its import map) and its dependencies'
// types (the content of their .vetx files).
func stdKey(cfg *stdConfig) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "runtruth std types 1\n%s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if err := hashToolchain(h); err != nil {
		return "", err
	}
	fmt.Fprintf(h, "package %q %q\n", cfg.ImportPath, cfg.GoVersion)
	for _, name := range cfg.GoFiles {
		fi, err := os.Stat(name)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "file %q %d %d\n", name, fi.Size(), fi.ModTime().UnixNano())
	}
	imports := make([]string, 0, len(cfg.ImportMap))
	for imp := range cfg.ImportMap {
		imports = append(imports, imp)
	}
	slices.Sort(imports)
	for _, imp := range imports {
		path := cfg.ImportMap[imp]
		fmt.Fprintf(h, "import %q %q\n", imp, path)
		if path == "unsafe" {
			continue
		}
		if err := hashFile(h, cfg.PackageVetx[path]); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashToolchain hashes the version of golang.org/x/tools, which writes
// the types, or, without one, the executable's name, size and time.
func hashToolchain(h hash.Hash) error {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			if m.Path != "golang.org/x/tools" {
				continue
			}
			if m.Replace != nil {
				m = m.Replace
			}
			if m.Version != "" && m.Version != "(devel)" {
				fmt.Fprintf(h, "x/tools %s %s\n", m.Version, m.Sum)
				return nil
			}
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return err
	}
	fmt.Fprintf(h, "exe %q %d %d\n", exe, fi.Size(), fi.ModTime().UnixNano())
	return nil
}
