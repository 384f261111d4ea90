package google

import (
	"context"
	"testing"
	"time"
)

func TestBackoffFullJitter(t *testing.T) {
	p := RetryPolicy{Rand: func() float64 { return 0.999999 }}.withDefaults()
	prev := time.Duration(0)
	for attempt := 0; attempt < 12; attempt++ {
		d := p.backoff(attempt)
		if d < prev || d >= p.MaxDelay {
			t.Errorf("attempt %d: %v", attempt, d)
		}
		prev = d
	}
	p.Rand = func() float64 { return 0 }
	if d := p.backoff(5); d != 0 {
		t.Errorf("full jitter reaches 0: %v", d)
	}
	if err := Sleep(canceled(), time.Hour); err == nil {
		t.Error("sleep ignored a canceled context")
	}
}

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}
