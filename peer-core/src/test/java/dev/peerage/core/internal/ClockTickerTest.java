package dev.peerage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ClockTickerTest {

  @Test
  void countsNanosecondsFromCreationOnTheGivenClock() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));
    InstantSource clock = now::get;
    ClockTicker ticker = new ClockTicker(clock);
    assertThat(ticker.read()).isZero();

    now.set(now.get().plus(Duration.ofHours(1)).plusNanos(7));
    assertThat(ticker.read()).isEqualTo(3_600_000_000_007L);
    now.set(Instant.parse("2024-12-31T23:59:59.5Z"));
    assertThat(ticker.read()).isEqualTo(-500_000_000L);
  }

  @Test
  void saturatesInsteadOfOverflowing() {
    assertThat(ClockTicker.nanosBetween(Instant.MIN, Instant.MAX))
        .isEqualTo(ClockTicker.LIMIT_NANOS);
    assertThat(ClockTicker.nanosBetween(Instant.MAX, Instant.MIN))
        .isEqualTo(-ClockTicker.LIMIT_NANOS);
    Instant epoch = Instant.EPOCH;
    assertThat(ClockTicker.nanosBetween(epoch, epoch.plus(Duration.ofDays(365 * 100))))
        .isEqualTo(Duration.ofDays(365 * 100).toNanos());
    assertThat(ClockTicker.nanosBetween(epoch.plusNanos(999_999_999), epoch.plusSeconds(1)))
        .isEqualTo(1);
  }
}
