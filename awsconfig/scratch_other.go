//go:build !linux

package awsconfig

// scratchFile holds data in a private temporary file.
func scratchFile(data []byte) (string, func(), error) { return scratchTemp(data) }
