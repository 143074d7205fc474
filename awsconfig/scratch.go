package awsconfig

import "os"

// scratchTemp writes data to a temporary file readable only by the user and
// returns its path and a function that removes it.
func scratchTemp(data []byte) (string, func(), error) {
	f, err := os.CreateTemp("", "ssox-config-*")
	if err != nil {
		return "", nil, err
	}
	name := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", nil, err
	}
	return name, func() { os.Remove(name) }, nil
}
