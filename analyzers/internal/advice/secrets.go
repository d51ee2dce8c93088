package advice

// What the runsecrets check recommends for a value that must not reach a
// run message, context or notification. oprun tells whether the sink is
// oprun's own, whose API is then named.

// MapError names the approved way to describe an error in a run: a
// registered reason code, never the error's text.
func MapError(oprun bool) string {
	if oprun {
		return "map it to a reason code with oprun.ReasonFrom"
	}
	return "map it to a fixed reason code instead of its text"
}

// RedactSecret names the approved way to handle a secret or credential.
func RedactSecret(oprun bool) string {
	if oprun {
		return "redact it with oprun.Redact or drop it"
	}
	return "redact it with a sanitizer or drop it"
}

// DropPayload names the approved way to handle a raw provider payload.
func DropPayload(oprun bool) string {
	if oprun {
		return "record ids or counts instead of the raw payload, or redact it with oprun.Redact"
	}
	return "record ids or counts instead of the raw payload"
}
