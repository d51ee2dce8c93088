// Package custom has its own run type and sinks.
package custom

import "errors"

// Job is a run record of its own.
//
//runtruth:run fields=State sinks=Message,Details
type Job struct {
	State   string
	Message string
	Details map[string]string
}

// Alert is a notification of its own.
//
//runtruth:notification
type Alert struct{ Text string }

// Report records a line on a job.
//
//runtruth:sink line
func Report(j *Job, line string) { j.Message = line }

func fail(j *Job, token string) {
	j.Message = "failed: " + token // want `secret token \([^ )]+:[0-9]+\) flows into run message field custom.Job.Message; redact it with a sanitizer or drop it`
}

func details(j *Job, password string) {
	j.Details["pw"] = password // want `secret password \([^ )]+:[0-9]+\) flows into run context field custom.Job.Details`
}

func alert(apiKey string) Alert {
	return Alert{Text: apiKey} // want `secret apiKey \([^ )]+:[0-9]+\) flows into notification field custom.Alert.Text`
}

func report(j *Job, secret string) {
	Report(j, secret) // want `secret secret \([^ )]+:[0-9]+\) flows into run message through custom.Report`
}

//runtruth:provider
func call() error { return errors.New("remote") }

func remote(j *Job) {
	if err := call(); err != nil {
		j.Message = err.Error() // want `provider error body from custom.call \([^ )]+:[0-9]+\) flows into run message field custom.Job.Message; map it to a fixed reason code instead of its text`
	}
}

func fine(j *Job, tokenID string) {
	j.Message = "token " + tokenID
	Report(j, "done")
}
