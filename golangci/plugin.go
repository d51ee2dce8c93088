// Package golangci is runtruth's golangci-lint v2 module plugin. It
// registers the linter "runtruth", which runs every check of
// [analyzers.All]; findings are suppressed with //nolint:runtruth.
//
// Build a custom golangci-lint with it (see .custom-gcl.yml at the root of
// the repository) and enable it in .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable: [runtruth]
//	  settings:
//	    custom:
//	      runtruth:
//	        type: module
//	        description: operation runs stay the single execution truth
//	        settings:              # optional: the contents of .runtruth.yml
//	          include-tests: false
//	          runs:
//	            - type: example.com/svc/internal/gen/models.ExportJob
//
// The settings are the configuration of .runtruth.yml and are decoded as
// strictly: an unknown key or a name that resolves to nothing is an error.
// Under golangci-lint they are the only source of the configuration:
// golangci-lint keys its cache on its own configuration and would keep
// the results of an older .runtruth.yml, so a .runtruth.yml found from the
// working directory while the linter has no settings is an error that says
// where to move it. Without either, the directives alone declare what the
// checks know.
package golangci

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"

	"github.com/runtruth/runtruth/analyzers"
	"github.com/runtruth/runtruth/passes/config"
)

// Name is the linter's name in golangci-lint's configuration and in
// //nolint directives.
const Name = "runtruth"

// settingsSource names the plugin settings in configuration errors.
const settingsSource = "linters.settings.custom.runtruth.settings"

func init() {
	register.Plugin(Name, New)
}

// Plugin is the runtruth linter for golangci-lint.
type Plugin struct {
	// settings is the configuration as YAML; "" lets runtruth discover
	// .runtruth.yml.
	settings string
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes golangci-lint's settings for the linter into runtruth's
// configuration. It is called by golangci-lint with the value of
// linters.settings.custom.runtruth.settings.
func New(settings any) (register.LinterPlugin, error) {
	data, err := Settings(settings)
	if err != nil {
		return nil, err
	}
	if data == "" {
		file, err := config.Find(".", true)
		if err != nil {
			return nil, err
		}
		if file != "" {
			return nil, &config.Error{File: file, Msg: fmt.Sprintf(
				"golangci-lint's cache keys on its own configuration, not on this file, and would keep the findings of an older version of it: "+
					"under golangci-lint, give runtruth's configuration as the linter's settings (%s in .golangci.yml)", settingsSource)}
		}
		// No configuration: directives only. A comment is a configuration
		// that declares nothing, and keeps the shared pass from
		// discovering files below the working directory.
		data = "# no configuration: directives only\n"
	}
	return &Plugin{settings: data}, nil
}

// Settings validates golangci-lint plugin settings as a runtruth
// configuration and returns it as YAML for the shared pass's -settings
// flag, or "" when there are no settings.
func Settings(settings any) (string, error) {
	if isEmpty(settings) {
		return "", nil
	}
	data, err := yaml.Marshal(settings)
	if err != nil {
		return "", fmt.Errorf("%s: %w", settingsSource, err)
	}
	cfg, err := config.Parse(settingsSource, data)
	if err == nil {
		err = cfg.CheckNames(analyzers.Names())
	}
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			return "", &config.Error{File: settingsSource, Msg: locate(ce, data)}
		}
		return "", err
	}
	return string(data), nil
}

// yamlLine matches the line numbers in the YAML decoder's messages.
var yamlLine = regexp.MustCompile(`\bline (\d+)\b`)

// locate rewrites a configuration error about the re-encoded settings so
// that it quotes the offending setting instead of a line number, which
// would point into the YAML that Settings wrote, not into .golangci.yml.
func locate(ce *config.Error, data []byte) string {
	lines := strings.Split(string(data), "\n")
	quote := func(n int) string {
		if n < 1 || n > len(lines) {
			return ""
		}
		return fmt.Sprintf("at %q", strings.TrimSpace(lines[n-1]))
	}
	msg := yamlLine.ReplaceAllStringFunc(ce.Msg, func(m string) string {
		n, _ := strconv.Atoi(yamlLine.FindStringSubmatch(m)[1])
		if q := quote(n); q != "" {
			return q
		}
		return m
	})
	if q := quote(ce.Line); q != "" {
		msg = q + ": " + msg
	}
	return strings.Join(strings.Fields(msg), " ")
}

// isEmpty reports whether golangci-lint passed no settings: nil, or an
// empty map.
func isEmpty(settings any) bool {
	if settings == nil {
		return true
	}
	v := reflect.ValueOf(settings)
	return v.Kind() == reflect.Map && v.Len() == 0
}

// BuildAnalyzers returns runtruth's checks, after handing the settings to
// the shared pass that every check requires.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	if err := analyzers.Model.Flags.Set("settings", p.settings); err != nil {
		return nil, fmt.Errorf("runtruth: %w", err)
	}
	return analyzers.All(), nil
}

// GetLoadMode asks golangci-lint for type information: the checks need it.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
