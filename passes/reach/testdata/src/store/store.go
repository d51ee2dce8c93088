package store // want package:"reaches=true"

import (
	"net/http"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"graph"
)

func FetchUsers(c *graph.Client) []string { return c.Users() } // want FetchUsers:`^reaches \(\*graph.Client\).Users$`

// Token calls a method of a provider type: still a provider call.
func Token(c *graph.Client) string { return c.Token() } // want Token:`^reaches \(\*graph.Client\).Token$`

type Repo struct{ c *graph.Client }

// Tenants takes the shortest chain: through FetchUsers, not through
// Deep.
func (r *Repo) Tenants(deep bool) []string { // want Tenants:`^reaches \(\*graph.Client\).Users via store.FetchUsers$`
	if deep {
		return Deep(r.c)
	}
	return FetchUsers(r.c)
}

func Deep(c *graph.Client) []string { return hop1(c) } // want Deep:`^reaches \(\*graph.Client\).Users via store.hop1 → store.hop2 → store.FetchUsers$`

func hop1(c *graph.Client) []string { return hop2(c) }
func hop2(c *graph.Client) []string { return FetchUsers(c) }

// Long is longer than MaxHops: the middle is elided.
func Long(c *graph.Client) { l1(c) } // want Long:`^reaches \(\*graph.Client\).Users via store.l1 → store.l2 → store.l3 → store.l4 → store.l5 → store.l6 → store.l7 → store.l8 → store.l9 → store.l10 → store.l11 → … 3 more$`

func l1(c *graph.Client)  { l2(c) }
func l2(c *graph.Client)  { l3(c) }
func l3(c *graph.Client)  { l4(c) }
func l4(c *graph.Client)  { l5(c) }
func l5(c *graph.Client)  { l6(c) }
func l6(c *graph.Client)  { l7(c) }
func l7(c *graph.Client)  { l8(c) }
func l8(c *graph.Client)  { l9(c) }
func l9(c *graph.Client)  { l10(c) }
func l10(c *graph.Client) { l11(c) }
func l11(c *graph.Client) { l12(c) }
func l12(c *graph.Client) { l13(c) }
func l13(c *graph.Client) { l14(c) }
func l14(c *graph.Client) { c.Users() }

// Walk recurses and reaches a provider.
func Walk(n int, c *graph.Client) { // want Walk:`^reaches \(\*graph.Client\).Users via store.FetchUsers$`
	if n > 0 {
		Walk(n-1, c)
	}
	FetchUsers(c)
}

// Even and Odd recurse without a provider: no facts.
func Even(n int) bool { return n == 0 || Odd(n-1) }
func Odd(n int) bool  { return n != 0 && Even(n-1) }

// Object is a default provider (the AWS SDK).
func Object(c *s3.Client) []byte { b, _ := c.GetObject("k"); return b } // want Object:`^reaches \(\*s3.Client\).GetObject$`

// Ping uses the net/http client.
func Ping() { _, _ = http.Head("https://example.com") } // want Ping:`^reaches http.Head$`

// Generic functions and methods of generic types get facts on their origin.
func Map[T any](c *graph.Client, f func(string) T) []T { // want Map:`^reaches \(\*graph.Client\).Users via store.FetchUsers$`
	var out []T
	for _, u := range FetchUsers(c) {
		out = append(out, f(u))
	}
	return out
}

type Box[T any] struct{ c *graph.Client }

func (b Box[T]) Get() []T { return Map(b.c, func(string) T { var z T; return z }) } // want Get:`^reaches \(\*graph.Client\).Users via store.Map → store.FetchUsers$`

// Silent: func values only passed along, stored literals, interfaces of
// non-provider packages, unexported functions (no fact is exported).
func Later(c *graph.Client) func() []string {
	f := func() []string { return c.Users() }
	go run(func() { FetchUsers(c) })
	return f
}

func run(f func()) {}

func List(l graph.Lister) []string { return l.List() }

func local(c *graph.Client) { c.Users() }

func Deferred(c *graph.Client) { // want Deferred:`^reaches \(\*graph.Client\).Users via store.local$`
	defer func() { local(c) }()
}
