// Command nostart reads runs and starts none.
package main

import (
	"fmt"

	"runs"
)

func main() {
	var j runs.Job
	fmt.Println(j.Status)
}
