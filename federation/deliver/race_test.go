//go:build race

package deliver

// raceEnabled: the race detector slows RSA and I/O several-fold, so the
// fan-out budget is only reported, not enforced.
const raceEnabled = true
