package pages

import (
	"context"
	"net/http"
	"testing"
)

//runtruth:render
func renderFixture(ctx context.Context, p *Page) {
	_, _ = http.Get("https://example.com/fixture") // test files are not checked unless include-tests is set
	_ = fetchUsers(ctx, p.client)
}

func TestFixture(t *testing.T) { renderFixture(context.Background(), &Page{}) }
