package schema

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadSortsByVersion(t *testing.T) {
	ms, err := Load(fstest.MapFS{
		"m/0010_later.sql": {Data: []byte("SELECT 10;")},
		"m/0002_next.sql":  {Data: []byte("SELECT 2;")},
		"m/0001_first.sql": {Data: []byte("SELECT 1;")},
	}, "m")
	require.NoError(t, err)
	assert.Equal(t, []Migration{
		{Version: 1, Name: "0001_first.sql", SQL: "SELECT 1;"},
		{Version: 2, Name: "0002_next.sql", SQL: "SELECT 2;"},
		{Version: 10, Name: "0010_later.sql", SQL: "SELECT 10;"},
	}, ms)
	assert.Equal(t, 10, Latest(ms))
	assert.Equal(t, 0, Latest(nil))
}

func TestLoadRefusesBadNames(t *testing.T) {
	for _, fsys := range []fstest.MapFS{
		{"m/first.sql": {}},
		{"m/0000_zero.sql": {}},
		{"m/0001_notes.txt": {}},
		{"m/0001_a.sql": {}, "m/1_b.sql": {}},
	} {
		_, err := Load(fsys, "m")
		assert.Error(t, err, "%v", fsys)
	}
}
