package cfgd

type Job struct {
	ID    string
	State string
}

type Client struct{}

func (Client) Fetch() {}
