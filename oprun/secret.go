package oprun

import (
	"fmt"
	"io"
	"log/slog"
)

// Secret holds a credential (a client secret, an API token, a password)
// so that it cannot leak by accident: it prints, formats, logs and
// marshals as [Redacted]. [Secret.Reveal] is the one way to read it.
//
//runtruth:secret
type Secret struct {
	v string
}

// NewSecret wraps v.
func NewSecret(v string) Secret { return Secret{v: v} }

// Reveal returns the secret value. Call it only where the value is handed
// to the system that needs it, such as an HTTP Authorization header.
func (s Secret) Reveal() string { return s.v }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.v == "" }

// String returns [Redacted].
//
//runtruth:sanitizer
func (Secret) String() string { return Redacted }

// GoString returns a redacted Go representation, for %#v.
//
//runtruth:sanitizer
func (Secret) GoString() string { return "oprun.Secret(" + Redacted + ")" }

// Format writes [Redacted] for every verb, so that no fmt verb (%s, %v,
// %+v, %x, %q, %d) can print the value.
func (s Secret) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			_, _ = io.WriteString(f, s.GoString())
			return
		}
	case 'q':
		_, _ = io.WriteString(f, `"`+Redacted+`"`)
		return
	}
	_, _ = io.WriteString(f, Redacted)
}

// MarshalJSON encodes the secret as the JSON string "[REDACTED]".
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalText encodes the secret as [Redacted].
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// LogValue makes log/slog record [Redacted].
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }
