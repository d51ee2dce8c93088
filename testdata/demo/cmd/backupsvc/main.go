// Command backupsvc runs the demo backup service.
package main

import (
	"context"
	"log"
	"net/http"
	"time"

	"example.com/backupsvc/internal/graph"
	"example.com/backupsvc/internal/jobs"
	"github.com/runtruth/runtruth/oprun"
)

func main() {
	catalog, err := oprun.NewCatalog(oprun.OperationSpec{
		Type:        jobs.OpMailboxBackup,
		StaleAfter:  10 * time.Minute,
		Retryable:   true,
		MaxAttempts: 3,
	})
	if err != nil {
		log.Fatal(err)
	}
	runs, err := oprun.NewService(oprun.NewMemoryStore(), catalog)
	if err != nil {
		log.Fatal(err)
	}
	backup := &jobs.Backup{
		Runs:  runs,
		Graph: &graph.Client{HTTP: http.DefaultClient, BaseURL: "https://graph.microsoft.com", Tenant: "contoso"},
	}
	scope := oprun.Scope{Workspace: "acme", ManagedEnvironment: "contoso-m365", TargetScope: "mailboxes:all", Initiator: "scheduler"}
	run, err := backup.Start(context.Background(), scope)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("queued backup run %s", run.ID)
}
