package graph // want package:"reaches=true"

//runtruth:provider
type Client struct{}

func (c *Client) Users() []string { return nil }

func (c *Client) Token() string { return "" }

// Lister is an interface of a package that is no provider package; its
// methods are not provider calls.
type Lister interface{ List() []string }
