package dev.peerage.core.internal.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.peerage.core.score.ScoreState;
import dev.peerage.core.score.ScoringPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScoreCalculatorTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void decayFactorIsExactAtWholeHalfLives() {
    assertThat(ScoreCalculator.decayFactor(0, 60)).isEqualTo(1.0);
    assertThat(ScoreCalculator.decayFactor(-5, 60)).isEqualTo(1.0);
    assertThat(ScoreCalculator.decayFactor(60, 60)).isEqualTo(0.5);
    assertThat(ScoreCalculator.decayFactor(120, 60)).isEqualTo(0.25);
    assertThat(ScoreCalculator.decayFactor(30, 60)).isCloseTo(Math.sqrt(0.5), within(1e-15));
    assertThat(ScoreCalculator.decayFactor(1e20, 1e-9)).isZero();
  }

  @Test
  void aHalfLifeToOnePercentMatchesGossipsubsDecayToZero() {
    // gossipsub: factor 0.01^(1/ticks) per tick reaches 1% after `ticks`; a half-life does so
    // after log2(100) half-lives.
    double halfLives = Math.log(100) / Math.log(2);
    assertThat(ScoreCalculator.decayFactor(halfLives * 60, 60)).isCloseTo(0.01, within(1e-12));
  }

  @Test
  void secondsBetweenHandlesNanosOrderAndExtremes() {
    assertThat(ScoreCalculator.secondsBetween(T0, T0.plusMillis(1500))).isEqualTo(1.5);
    assertThat(ScoreCalculator.secondsBetween(T0.plusNanos(999_999_999), T0.plusSeconds(1)))
        .isCloseTo(1e-9, within(1e-18));
    assertThat(ScoreCalculator.secondsBetween(T0.plusSeconds(1), T0)).isZero();
    assertThat(ScoreCalculator.secondsBetween(Instant.MIN, Instant.MAX))
        .isCloseTo(6.3113904031622399e16, within(1e3));
    assertThat(ScoreCalculator.seconds(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)))
        .isFinite()
        .isGreaterThan(9e18);
    assertThat(ScoreCalculator.seconds(Duration.ofMillis(-250))).isEqualTo(-0.25);
  }

  @Test
  void decayToAnEarlierInstantReturnsTheSameState() {
    ScoreCalculator calculator = new ScoreCalculator(ScoringPolicy.defaults());
    ScoreState s = calculator.withFailure(ScoreState.initial(T0), T0);
    assertThat(calculator.decayTo(s, T0.minusSeconds(10))).isSameAs(s);
    assertThat(calculator.decayTo(s, T0)).isSameAs(s);
    assertThat(calculator.policy()).isEqualTo(ScoringPolicy.defaults());
  }

  @Test
  void disconnectAtAnEarlierInstantUsesTheLastUpdateSoTheStateStaysValid() {
    ScoreCalculator calculator = new ScoreCalculator(ScoringPolicy.defaults());
    ScoreState s = calculator.withSuccess(ScoreState.initial(T0), T0.plusSeconds(5));
    ScoreState d = calculator.withDisconnected(s, T0);
    assertThat(d.disconnectedAt()).contains(T0.plusSeconds(5));
    assertThat(d.updatedAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void expiryStartsExactlyAtTheRetention() {
    ScoreCalculator calculator = new ScoreCalculator(ScoringPolicy.defaults());
    ScoreState s = ScoreState.initial(T0);
    assertThat(calculator.isExpired(s, T0.plus(Duration.ofHours(24)).minusNanos(1))).isFalse();
    assertThat(calculator.isExpired(s, T0.plus(Duration.ofHours(24)))).isTrue();
    assertThat(calculator.isExpired(calculator.withConnected(s, T0), Instant.MAX)).isFalse();
  }
}
