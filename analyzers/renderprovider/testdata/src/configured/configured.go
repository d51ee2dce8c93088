// Package configured declares a render func and providers in .runtruth.yml
// instead of directives.
package configured

import "lookalike"

func Header(c *lookalike.Client) string {
	_ = c.Do("x")             // want `render path Header makes provider call \(\*lookalike.Client\).Do`
	return lookalike.Get("x") // want `render path Header makes provider call lookalike.Get`
}

// Footer is no render path.
func Footer(c *lookalike.Client) string { return lookalike.Get(c.Do("y")) }
