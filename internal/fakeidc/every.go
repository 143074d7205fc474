package fakeidc

// due counts a call that matches the fault and reports whether the fault
// hits it: every call, or with Every only every Nth. The caller holds s.mu.
func (af *activeFault) due() bool {
	af.seen++
	return af.Every <= 1 || af.seen%af.Every == 0
}
