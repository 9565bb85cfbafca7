package dev.peerage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class HalfLifeDecayTest {

  private static final long HOUR = 3_600_000_000_000L;

  @Test
  void wholeHalfLivesHalveExactly() {
    assertThat(HalfLifeDecay.decay(100, HOUR, HOUR)).isEqualTo(50.0);
    assertThat(HalfLifeDecay.decay(100, 2 * HOUR, HOUR)).isEqualTo(25.0);
    assertThat(HalfLifeDecay.decay(100, 10 * HOUR, HOUR)).isEqualTo(100.0 / 1024);
    assertThat(HalfLifeDecay.decay(3, HOUR / 2, HOUR)).isCloseTo(3 / Math.sqrt(2), within(1e-15));
  }

  @Test
  void noTimeOrBackwardsTimeChangesNothing() {
    assertThat(HalfLifeDecay.decay(7.5, 0, HOUR)).isEqualTo(7.5);
    assertThat(HalfLifeDecay.decay(7.5, -HOUR, HOUR)).isEqualTo(7.5);
    assertThat(HalfLifeDecay.decay(0, HOUR, HOUR)).isZero();
  }

  @Test
  void farFutureDecaysToZeroWithoutOverflow() {
    assertThat(HalfLifeDecay.decay(Double.MAX_VALUE, Long.MAX_VALUE, 1)).isZero();
    assertThat(HalfLifeDecay.decay(1e300, 5_000 * HOUR, HOUR)).isZero();
  }

  @Property(tries = 500)
  void decayingInStepsEqualsDecayingAtOnce(
      @ForAll @DoubleRange(min = 0.01, max = 1e6) double value,
      @ForAll @LongRange(min = 0, max = 100 * 3_600_000_000_000L) long first,
      @ForAll @LongRange(min = 0, max = 100 * 3_600_000_000_000L) long second,
      @ForAll @IntRange(min = 1, max = 100_000) int halfLifeSeconds) {
    long halfLife = halfLifeSeconds * 1_000_000_000L;
    double stepwise = HalfLifeDecay.decay(HalfLifeDecay.decay(value, first, halfLife), second,
        halfLife);
    double atOnce = HalfLifeDecay.decay(value, first + second, halfLife);
    assertThat(stepwise).isCloseTo(atOnce, within(Math.max(atOnce, Double.MIN_NORMAL) * 1e-9));
    assertThat(atOnce).isBetween(0.0, value);
  }
}
