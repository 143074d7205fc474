//go:build windows

package filelock

// noFollow is 0: CreateFile does not follow symbolic links the way open does.
const noFollow = 0
