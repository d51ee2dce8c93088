package svc // want package:"reaches=true"

import (
	"graph"
	"store"
)

type Service struct{ *store.Repo }

func (s *Service) Names() []string { return s.Tenants(false) } // want Names:`^reaches \(\*graph.Client\).Users via \(\*store.Repo\).Tenants → store.FetchUsers$`

func Boxed(b store.Box[int]) []int { return b.Get() } // want Boxed:`^reaches \(\*graph.Client\).Users via store.Box.Get → store.Map → store.FetchUsers$`

func Mapped(c *graph.Client) []int { return store.Map(c, func(string) int { return 1 }) } // want Mapped:`^reaches \(\*graph.Client\).Users via store.Map → store.FetchUsers$`

// Longer takes an imported elided chain and bounds it again.
func Longer(c *graph.Client) { store.Long(c) } // want Longer:`^reaches \(\*graph.Client\).Users via store.Long → store.l1 → store.l2 → store.l3 → store.l4 → store.l5 → store.l6 → store.l7 → store.l8 → store.l9 → store.l10 → … 4 more$`

func Quiet() bool { return store.Even(2) }
