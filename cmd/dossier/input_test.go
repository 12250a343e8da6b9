package main

import "testing"

// TestHeapLimit: the soft memory limit after resolution is 1.5 times the
// live heap with 24 MiB of room, never under minHeapLimit.
func TestHeapLimit(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, 128 * mib},
		{30 * mib, 128 * mib},
		{68 * mib, 128 * mib},
		{72 * mib, 132 * mib},
		{1024 * mib, 1560 * mib},
	} {
		if got := heapLimit(c.live); got != c.want {
			t.Errorf("heapLimit(%d MiB) = %d MiB, want %d MiB", c.live/mib, got/mib, c.want/mib)
		}
	}
}
