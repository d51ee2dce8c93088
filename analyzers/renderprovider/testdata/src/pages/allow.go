package pages

import (
	"context"
	"net/http"
)

//runtruth:render
func Legacy(ctx context.Context, p *Page) {
	_, _ = http.Get("https://example.com/legacy") //runtruth:allow renderprovider the legacy page is removed with the v1 API
	//runtruth:allow renderprovider health probe of the status page, cached by the CDN
	_, _ = http.Head("https://example.com/health")
	//runtruth:allow renderprovider
	_, _ = http.Get("https://example.com/x") // want `render path Legacy makes provider call http.Get`
	//runtruth:allow directwrite another check's allow suppresses nothing here
	_ = fetchUsers(ctx, p.client) // want `render path Legacy reaches provider call`
}
