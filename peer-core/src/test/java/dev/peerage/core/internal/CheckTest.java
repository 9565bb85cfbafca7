package dev.peerage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckTest {

  @Test
  void notNullReturnsTheValueAndNamesTheSettingOtherwise() {
    assertThat(Check.notNull("x", "name")).isEqualTo("x");
    assertThatThrownBy(() -> Check.notNull(null, "policy"))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("policy");
  }

  @Test
  void intBetweenIsInclusiveAtBothEnds() {
    assertThat(Check.between(0, "n", 0, 10)).isZero();
    assertThat(Check.between(10, "n", 0, 10)).isEqualTo(10);
    assertThatThrownBy(() -> Check.between(-1, "maxInbound", 0, 10_000))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxInbound must be between 0 and 10000, was -1");
    assertThatThrownBy(() -> Check.between(11, "n", 0, 10))
        .hasMessage("n must be between 0 and 10, was 11");
  }

  @Test
  void intAtLeast() {
    assertThat(Check.atLeast(Integer.MAX_VALUE, "n", 1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(Check.atLeast(1, "n", 1)).isEqualTo(1);
    assertThatThrownBy(() -> Check.atLeast(0, "retries", 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("retries must be at least 1, was 0");
  }

  @Test
  void doubleBetweenRejectsNaNAndFoldsNegativeZero() {
    assertThat(Check.between(1.0, "x", 0.0, 1.0)).isEqualTo(1.0);
    assertThat(Check.between(-0.0, "x", 0.0, 1.0)).isEqualTo(0.0);
    assertThat(Double.doubleToRawLongBits(Check.between(-0.0, "x", 0.0, 1.0))).isZero();
    assertThatThrownBy(() -> Check.between(1.5, "triedBias", 0.0, 1.0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("triedBias must be between 0.0 and 1.0, was 1.5");
    assertThatThrownBy(() -> Check.between(Double.NaN, "triedBias", 0.0, 1.0))
        .hasMessage("triedBias must be between 0.0 and 1.0, was NaN");
  }

  @Test
  void finiteRejectsNaNAndInfinities() {
    assertThat(Check.finite(-3.5, "x")).isEqualTo(-3.5);
    assertThat(Double.doubleToRawLongBits(Check.finite(-0.0, "x"))).isZero();
    assertThatThrownBy(() -> Check.finite(Double.NaN, "x")).hasMessage("x must be finite, was NaN");
    assertThatThrownBy(() -> Check.finite(Double.NEGATIVE_INFINITY, "x"))
        .hasMessage("x must be finite, was -Infinity");
  }

  @Test
  void doubleAtLeastAlsoRequiresFinite() {
    assertThat(Check.atLeast(0.0, "w", 0.0)).isZero();
    assertThat(Double.doubleToRawLongBits(Check.atLeast(-0.0, "w", 0.0))).isZero();
    assertThatThrownBy(() -> Check.atLeast(-1.0, "w", 0.0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("w must be finite and at least 0.0, was -1.0");
    assertThatThrownBy(() -> Check.atLeast(Double.POSITIVE_INFINITY, "w", 0.0))
        .hasMessage("w must be finite and at least 0.0, was Infinity");
    assertThatThrownBy(() -> Check.atLeast(Double.NaN, "w", 0.0))
        .hasMessage("w must be finite and at least 0.0, was NaN");
  }

  @Test
  void doublePositive() {
    assertThat(Check.positive(Double.MIN_VALUE, "p")).isEqualTo(Double.MIN_VALUE);
    assertThatThrownBy(() -> Check.positive(0.0, "p"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("p must be finite and positive, was 0.0");
    assertThatThrownBy(() -> Check.positive(-0.0, "p"))
        .hasMessage("p must be finite and positive, was -0.0");
    assertThatThrownBy(() -> Check.positive(Double.POSITIVE_INFINITY, "p"))
        .hasMessage("p must be finite and positive, was Infinity");
  }

  @Test
  void doublePositiveAtMost() {
    assertThat(Check.positive(1e6, "rate", 1e6)).isEqualTo(1e6);
    assertThatThrownBy(() -> Check.positive(0.0, "rate", 1e6))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate must be positive and at most 1000000.0, was 0.0");
    assertThatThrownBy(() -> Check.positive(Double.NaN, "rate", 1e6))
        .hasMessage("rate must be positive and at most 1000000.0, was NaN");
    assertThatThrownBy(() -> Check.positive(1e7, "rate", 1e6))
        .hasMessage("rate must be positive and at most 1000000.0, was 1.0E7");
  }

  @Test
  void durationPositive() {
    assertThat(Check.positive(Duration.ofNanos(1), "d")).isEqualTo(Duration.ofNanos(1));
    assertThatThrownBy(() -> Check.positive(Duration.ZERO, "horizon"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("horizon must be positive, was PT0S");
    assertThatThrownBy(() -> Check.positive(Duration.ofSeconds(-1), "horizon"))
        .hasMessage("horizon must be positive, was PT-1S");
    assertThatThrownBy(() -> Check.positive(null, "horizon"))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("horizon");
  }

  @Test
  void durationPositiveAtMost() {
    Duration max = Duration.ofMinutes(5);
    assertThat(Check.positive(max, "d", max)).isEqualTo(max);
    assertThatThrownBy(() -> Check.positive(Duration.ZERO, "connectTimeout", max))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("connectTimeout must be positive and at most PT5M, was PT0S");
    assertThatThrownBy(() -> Check.positive(max.plusNanos(1), "connectTimeout", max))
        .hasMessage("connectTimeout must be positive and at most PT5M, was PT5M0.000000001S");
    assertThatThrownBy(() -> Check.positive(null, "connectTimeout", max))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("connectTimeout");
  }

  @Test
  void durationNotNegative() {
    assertThat(Check.notNegative(Duration.ZERO, "d")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> Check.notNegative(Duration.ofMillis(-1), "shareCacheDuration"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("shareCacheDuration must be zero or positive, was PT-0.001S");
    assertThatThrownBy(() -> Check.notNegative(null, "shareCacheDuration"))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("shareCacheDuration");
  }

  @Test
  void durationBetweenIsInclusiveAtBothEnds() {
    Duration max = Duration.ofHours(1);
    assertThat(Check.between(Duration.ZERO, "d", Duration.ZERO, max)).isEqualTo(Duration.ZERO);
    assertThat(Check.between(max, "d", Duration.ZERO, max)).isEqualTo(max);
    assertThatThrownBy(() -> Check.between(Duration.ofSeconds(-1), "saveDebounce", Duration.ZERO, max))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("saveDebounce must be between PT0S and PT1H, was PT-1S");
    assertThatThrownBy(() -> Check.between(Duration.ofHours(2), "saveDebounce", Duration.ZERO, max))
        .hasMessage("saveDebounce must be between PT0S and PT1H, was PT2H");
    assertThatThrownBy(() -> Check.between(null, "saveDebounce", Duration.ZERO, max))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("saveDebounce");
  }
}
