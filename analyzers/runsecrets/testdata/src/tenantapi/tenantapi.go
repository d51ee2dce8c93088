// Package tenantapi is the service's own client of a tenant API.
package tenantapi

import "errors"

// Fetch calls the remote API.
//
//runtruth:provider
func Fetch(id string) (string, error) { return "", errors.New("remote said no: " + id) }

// Local does not leave the process.
func Local(id string) (string, error) { return "", errors.New("not found: " + id) }
