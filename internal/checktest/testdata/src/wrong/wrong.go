package wrong

func bad() {}

func F() {
	bad()
	_ = 1 // want "call of bad"
	bad() // want "call of good"
	bad() // want oops
}
