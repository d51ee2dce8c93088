// Package notify is a service's own notification and link API.
package notify

import "fmt"

// Message is the service's notification.
//
//runtruth:notification
type Message struct {
	To   string
	Body string
}

// Pair is a generic notification type.
//
//runtruth:notification
type Pair[T any] struct {
	Key   string
	Value T
}

// JobLink builds the link to a job.
//
//runtruth:link /app/jobs/
func JobLink(id string) string { return fmt.Sprintf("/app/jobs/%s", id) }

// New is the central notification API.
func New(to, body string) Message { return Message{To: to, Body: body} }

// Options is not a notification type.
type Options struct {
	To   string
	Body string
}
