//go:build !windows

package endpoint

func underWine() bool { return false }
