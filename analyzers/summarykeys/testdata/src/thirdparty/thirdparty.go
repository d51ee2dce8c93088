// Package thirdparty has a key type that cannot be annotated; the
// configuration lists its keys.
package thirdparty

type Kind string

const (
	Alpha Kind = "alpha"
	Gamma Kind = "gamma" // want `unregistered summary key "gamma"; use a listed key or add it to the keys of thirdparty.Kind under summary-keys in .runtruth.yml`
)
