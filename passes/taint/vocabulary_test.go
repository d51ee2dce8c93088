package taint

import (
	"strings"
	"testing"

	"github.com/runtruth/runtruth/oprun"
)

// TestVocabularyAgrees checks that the check and oprun's run-time
// redaction call the same names secret: a key whose value oprun redacts
// in a message is a source for runsecrets, and the other way round.
func TestVocabularyAgrees(t *testing.T) {
	n := newNamer(nil)
	for key, secret := range map[string]bool{
		// once disagreeing
		"signingKey": true, "pwd": true, "dbPass": true, "accountKey": true,
		"nextToken": false, "pageToken": false,
		// secrets
		"password": true, "api_key": true, "APIKey": true, "clientSecret": true,
		"pgpassword": true, "csrftoken": true, "refresh_token": true,
		"connectionString": true, "sessionKey": true, "bearer": true, "idToken": true,
		"SharedAccessSignature": true, "passphrase": true, "credentials": true, "authToken": true,
		// not secrets
		"tokenCount": false, "password_reset": false, "secretName": false,
		"passwordHash": false, "publicKey": false, "max_tokens": false, "tokens": false,
		"user": false, "hostname": false, "region": false, "keyring": false, "token_url": false,
	} {
		source := n.sensitiveName(key)
		redacted := strings.Contains(oprun.Redact(key+"=blue"), oprun.Redacted)
		if source != secret || redacted != secret {
			t.Errorf("%s: runsecrets takes it for a secret: %t; oprun redacts its value: %t; want %t for both", key, source, redacted, secret)
		}
	}
}
