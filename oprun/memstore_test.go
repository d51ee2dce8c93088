package oprun_test

import (
	"testing"

	"github.com/runtruth/runtruth/oprun"
	"github.com/runtruth/runtruth/oprun/storetest"
)

func TestMemoryStoreConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) oprun.Store { return oprun.NewMemoryStore() })
}
