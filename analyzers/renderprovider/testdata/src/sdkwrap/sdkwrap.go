// Package sdkwrap declares single providers: a func and a named type.
package sdkwrap

//runtruth:provider
func Call(op string) error { return nil }

// Remote's methods are provider calls.
//
//runtruth:provider
type Remote struct{}

func (Remote) Invoke(op string) error { return nil }

// Local is not a provider.
func Local(op string) error { return nil }

// Stream is a provider interface by directive.
//
//runtruth:provider
type Stream interface{ Recv() error }
