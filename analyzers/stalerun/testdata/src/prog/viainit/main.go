// Command viainit reconciles through a package whose init schedules it.
package main

import (
	"app"
	"runs"

	_ "bg"
)

func main() {
	app.CreateBackup(&runs.Service{})
}
