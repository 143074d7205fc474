//go:build !windows

package winshare

// Retry runs op once: only Windows keeps a file from a replace or a read
// while another process holds it.
func Retry(_ string, op func() error) error { return op() }
