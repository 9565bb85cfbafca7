package dev.peerage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {
  private final ExponentialBackoff noJitter = ExponentialBackoff.builder().jitter(0).build();

  @Test
  void theScheduleDoublesFromOneSecondUpToTheCap() {
    Random random = new Random(1);
    assertThat(noJitter.delay(1, false, random)).isEqualTo(Duration.ofSeconds(1));
    assertThat(noJitter.delay(2, false, random)).isEqualTo(Duration.ofSeconds(2));
    assertThat(noJitter.delay(5, false, random)).isEqualTo(Duration.ofSeconds(16));
    assertThat(noJitter.delay(9, false, random)).isEqualTo(Duration.ofMinutes(4).plusSeconds(16));
    assertThat(noJitter.delay(10, false, random)).isEqualTo(Duration.ofMinutes(5));
    assertThat(noJitter.delay(10_000, false, random)).isEqualTo(Duration.ofMinutes(5));
    // Pinned peers wait up to an hour, and are never given up on.
    assertThat(noJitter.delay(12, true, random)).isEqualTo(Duration.ofMillis(2_048_000));
    assertThat(noJitter.delay(100, true, random)).isEqualTo(Duration.ofHours(1));
  }

  @Property(tries = 300)
  void jitterStaysWithinFivePercentAfterTheCap(
      @ForAll @IntRange(min = 1, max = 60) int failures, @ForAll long seed) {
    ExponentialBackoff backoff = ExponentialBackoff.defaults();
    Duration plain = noJitter.delay(failures, false, new Random(seed));
    Duration jittered = backoff.delay(failures, false, new Random(seed));
    assertThat(jittered.toMillis()).isBetween(Math.round(plain.toMillis() * 0.95) - 1,
        Math.round(plain.toMillis() * 1.05) + 1);
  }

  @Test
  void jitterSpreadsPeersThatFailedTogether() {
    Random random = new Random(3);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < 1000; i++) {
      long millis = ExponentialBackoff.defaults().delay(20, false, random).toMillis();
      min = Math.min(min, millis);
      max = Math.max(max, millis);
    }
    assertThat(min).isLessThan(290_000);
    assertThat(max).isGreaterThan(310_000);
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> ExponentialBackoff.builder().multiplier(0.5))
        .hasMessage("multiplier must be within 1.0-10.0, was 0.5");
    assertThatThrownBy(() -> ExponentialBackoff.builder().jitter(0.6))
        .hasMessage("jitter must be within 0.0-0.5, was 0.6");
    assertThatThrownBy(() -> ExponentialBackoff.builder().base(Duration.ZERO))
        .hasMessage("base must be positive, was PT0S");
    assertThatThrownBy(() -> ExponentialBackoff.builder().base(Duration.ofMinutes(10)).build())
        .hasMessageContaining("caps must not be below base PT10M");
    assertThatThrownBy(() -> noJitter.delay(0, false, new Random()))
        .hasMessage("failures must be at least 1, was 0");
  }
}
