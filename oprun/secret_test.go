package oprun_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

func TestSecretNeverPrints(t *testing.T) {
	const value = "s3cr3t-value"
	s := oprun.NewSecret(value)
	assert.Equal(t, value, s.Reveal())
	assert.False(t, s.IsZero())
	assert.True(t, oprun.Secret{}.IsZero())

	type config struct {
		ClientID     string
		ClientSecret oprun.Secret
		Ptr          *oprun.Secret
	}
	c := config{ClientID: "app", ClientSecret: s, Ptr: &s}

	for _, format := range []string{"%s", "%v", "%+v", "%#v", "%q", "%x", "%X", "%d", "%10s", "%-8v", "%T"} {
		t.Run(format, func(t *testing.T) {
			assert.NotContains(t, fmt.Sprintf(format, s), value)
			assert.NotContains(t, fmt.Sprintf(format, &s), value)
			assert.NotContains(t, fmt.Sprintf(format, c), value)
		})
	}
	assert.Equal(t, oprun.Redacted, s.String())
	assert.Equal(t, oprun.Redacted, fmt.Sprint(s))
	assert.Equal(t, `"`+oprun.Redacted+`"`, fmt.Sprintf("%q", s))
	assert.Equal(t, "oprun.Secret("+oprun.Redacted+")", fmt.Sprintf("%#v", s))

	b, err := json.Marshal(c)
	require.NoError(t, err)
	assert.JSONEq(t, `{"ClientID":"app","ClientSecret":"[REDACTED]","Ptr":"[REDACTED]"}`, string(b))

	m, err := json.Marshal(map[oprun.Secret]int{s: 1})
	require.NoError(t, err)
	assert.NotContains(t, string(m), value, "map keys use MarshalText")

	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	logger.Info("connecting", "secret", s, "config", c)
	assert.NotContains(t, logs.String(), value)
	assert.Contains(t, logs.String(), `"secret":"[REDACTED]"`)
}
