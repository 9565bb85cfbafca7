package dev.peerage.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScoreStateTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A valid state whose components the table below breaks one at a time. */
  private static final class Parts {
    double successes = 3;
    double failures = 1;
    Optional<Duration> latency = Optional.of(Duration.ofMillis(40));
    double latencyWeight = 2;
    OptionalDouble throughput = OptionalDouble.of(5e5);
    double throughputWeight = 1;
    double points = 10;
    Instant updatedAt = T0;
    boolean connected = false;
    Optional<Instant> disconnectedAt = Optional.of(T0.minusSeconds(5));

    ScoreState build() {
      return new ScoreState(
          successes,
          failures,
          latency,
          latencyWeight,
          throughput,
          throughputWeight,
          points,
          updatedAt,
          connected,
          disconnectedAt);
    }
  }

  @Test
  void aValidStateKeepsItsComponents() {
    ScoreState s = new Parts().build();
    assertThat(s.successes()).isEqualTo(3);
    assertThat(s.latencyEwma()).contains(Duration.ofMillis(40));
    assertThat(s.throughputEwma()).hasValue(5e5);
    assertThat(s.disconnectedAt()).contains(T0.minusSeconds(5));
  }

  @Test
  void initialStateIsEmptyAndNotConnected() {
    ScoreState s = ScoreState.initial(T0);
    assertThat(s.successes()).isZero();
    assertThat(s.failures()).isZero();
    assertThat(s.latencyEwma()).isEmpty();
    assertThat(s.latencySampleWeight()).isZero();
    assertThat(s.throughputEwma()).isEmpty();
    assertThat(s.throughputSampleWeight()).isZero();
    assertThat(s.misbehaviourPoints()).isZero();
    assertThat(s.updatedAt()).isEqualTo(T0);
    assertThat(s.connected()).isFalse();
    assertThat(s.disconnectedAt()).isEmpty();
  }

  static Stream<Arguments> badStates() {
    return Stream.of(
        bad(p -> p.successes = -1, "successes must be in [0, 1.0E15], was -1.0"),
        bad(p -> p.successes = Double.NaN, "successes must be in [0, 1.0E15], was NaN"),
        bad(
            p -> p.failures = Double.POSITIVE_INFINITY,
            "failures must be in [0, 1.0E15], was Infinity"),
        bad(p -> p.failures = 2e15, "failures must be in [0, 1.0E15], was 2.0E15"),
        bad(
            p -> p.latency = Optional.of(Duration.ofMillis(-1)),
            "latencyEwma must be in [0, PT1H], was PT-0.001S"),
        bad(
            p -> p.latency = Optional.of(Duration.ofHours(2)),
            "latencyEwma must be in [0, PT1H], was PT2H"),
        bad(p -> p.latencyWeight = -0.5, "latencySampleWeight must be in [0, 1.0E15], was -0.5"),
        bad(
            p -> p.latency = Optional.empty(),
            "latencySampleWeight must be 0 when latencyEwma is empty, was 2.0"),
        bad(
            p -> p.throughput = OptionalDouble.of(-3),
            "throughputEwma must be in [0, 1.0E15], was -3.0"),
        bad(
            p -> p.throughput = OptionalDouble.of(Double.NaN),
            "throughputEwma must be in [0, 1.0E15], was NaN"),
        bad(
            p -> p.throughputWeight = Double.NaN,
            "throughputSampleWeight must be in [0, 1.0E15], was NaN"),
        bad(
            p -> p.throughput = OptionalDouble.empty(),
            "throughputSampleWeight must be 0 when throughputEwma is empty, was 1.0"),
        bad(p -> p.points = -1, "misbehaviourPoints must be in [0, 1.0E12], was -1.0"),
        bad(p -> p.points = 1e13, "misbehaviourPoints must be in [0, 1.0E12], was 1.0E13"),
        bad(
            p -> p.connected = true,
            "a connected state has no disconnectedAt, was 2025-12-31T23:59:55Z"),
        bad(
            p -> p.disconnectedAt = Optional.of(T0.plusSeconds(1)),
            "disconnectedAt 2026-01-01T00:00:01Z must not be after updatedAt"
                + " 2026-01-01T00:00:00Z"));
  }

  private static Arguments bad(Consumer<Parts> breakIt, String message) {
    return Arguments.of(message, breakIt);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badStates")
  void rejectsEachBadComponentNamingIt(String message, Consumer<Parts> breakIt) {
    Parts parts = new Parts();
    breakIt.accept(parts);
    assertThatThrownBy(parts::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsNullObjects() {
    Parts p = new Parts();
    p.updatedAt = null;
    assertThatNullPointerException().isThrownBy(p::build).withMessage("updatedAt");
    Parts q = new Parts();
    q.latency = null;
    assertThatNullPointerException().isThrownBy(q::build).withMessage("latencyEwma");
    assertThatNullPointerException().isThrownBy(() -> ScoreState.initial(null));
  }

  @Test
  void aConnectedStateWithoutDisconnectIsValid() {
    Parts p = new Parts();
    p.connected = true;
    p.disconnectedAt = Optional.empty();
    assertThat(p.build().connected()).isTrue();
  }

  @Test
  void fadedSamplesMayLeaveAnAverageWithZeroWeight() {
    Parts p = new Parts();
    p.latencyWeight = 0;
    p.throughputWeight = 0;
    assertThat(p.build().latencyEwma()).isPresent();
  }
}
