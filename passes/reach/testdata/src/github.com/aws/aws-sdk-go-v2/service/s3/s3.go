package s3 // want package:"reaches=true"

type Client struct{}

func (c *Client) GetObject(key string) ([]byte, error) { return nil, nil }

// get is a provider call like every func of the package: no fact needed.
func get(c *Client) { c.GetObject("k") }
