package dev.peerage.core.internal.ban;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A virtual clock that stands still until a test moves it; safe to read from many threads. */
final class AdvancingClock implements InstantSource {

  static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private volatile Instant now;

  AdvancingClock() {
    this(START);
  }

  AdvancingClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  synchronized void set(Instant instant) {
    now = instant;
  }
}
