// Package cfgwords configures its own sensitive words.
package cfgwords

import (
	"context"

	"github.com/runtruth/runtruth/oprun"
)

func record(ctx context.Context, svc *oprun.Service, id, userPIN, signingKey, cookie string) {
	svc.UpdateContext(ctx, id, oprun.Context{"pin": userPIN})   // want `secret userPIN flows into run context`
	svc.UpdateContext(ctx, id, oprun.Context{"k": signingKey})  // want `secret signingKey flows into run context`
	svc.UpdateContext(ctx, id, oprun.Context{"cookie": cookie}) // ignored by configuration
}
