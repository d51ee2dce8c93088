// Package msgraphsdk stands in for the Microsoft Graph SDK: every func and
// method of it is a provider call by default.
package msgraphsdk

import "context"

type GraphServiceClient struct{}

func NewGraphServiceClient() *GraphServiceClient { return &GraphServiceClient{} }

func (c *GraphServiceClient) Users() *UsersRequestBuilder { return &UsersRequestBuilder{} }

type UsersRequestBuilder struct{}

func (b *UsersRequestBuilder) Get(ctx context.Context) ([]string, error) { return nil, nil }

// RequestAdapter is an interface declared in a provider package.
type RequestAdapter interface {
	Send(ctx context.Context) error
}
