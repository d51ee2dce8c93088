package user

import "good"

func Use(r *good.Run) {
	r.Status = "running" //runtruth:allow directwrite the legacy importer owns these rows until it is retired
	//runtruth:allow directwrite suppressed on the next line of code

	r.Outcome = "failed"
	r.Status = "x" /* want `//runtruth:allow directives suppresses no finding on its line; remove it` */ //runtruth:allow directives this allow is used by nothing, and says so

	// Several checks in one allow: each is judged on its own; directwrite
	// is used here, dupetruth is not.
	r.Status = "y" /* want `//runtruth:allow dupetruth suppresses no finding on its line; remove it` */ //runtruth:allow directwrite,dupetruth the importer owns these rows
}
