package recur // want package:"analyzed\\(3\\)"

import "strings"

func Even(n int, s string) string { // want Even:"taint\\(r0<-p1\\)"
	if n == 0 {
		return s
	}
	return Odd(n-1, s)
}

func Odd(n int, s string) string { // want Odd:"taint\\(r0<-p1\\)"
	if n == 0 {
		return ""
	}
	return Even(n-1, strings.TrimSpace(s))
}

func Loop(parts []string, seed string) string { // want Loop:"taint\\(r0<-p0\\+p1\\)"
	acc := seed
	for i := 0; i < len(parts); i++ {
		for j := 0; j < i; j++ {
			acc = acc + parts[j]
		}
	}
	return acc
}
