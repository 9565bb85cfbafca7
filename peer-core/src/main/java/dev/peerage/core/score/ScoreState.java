package dev.peerage.core.score;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The raw, persistable state behind one peer's score: decayed counters and averages as they were at
 * {@link #updatedAt()}, plus the connection flag that drives retention. Immutable; the canonical
 * constructor validates every component, so a state read from disk that passes it can be
 * restored safely.
 *
 * <p>The counters are stored as of {@code updatedAt}; the manager's score board decays them to the
 * instant of each read or write (see {@link ScoringPolicy}), so the same state gives the same score
 * at the same instant wherever and whenever it is evaluated.
 *
 * <p>The upper bounds ({@link #MAX_OUTCOMES}, {@link #MAX_LATENCY}, {@link #MAX_THROUGHPUT}, {@link
 * #MAX_MISBEHAVIOUR_POINTS}) keep every computation on a state finite; the manager's score board
 * saturates at them rather than overflow.
 *
 * @param successes decayed count of recorded successes, finite, in {@code [0, MAX_OUTCOMES]}
 * @param failures decayed count of recorded failures, finite, in {@code [0, MAX_OUTCOMES]}
 * @param latencyEwma the exponentially weighted average of the recorded latencies, in {@code [0,
 *     MAX_LATENCY]}; empty if no latency was ever recorded
 * @param latencySampleWeight the decayed number of latency samples behind {@code latencyEwma},
 *     which is how much the average resists a new sample; in {@code [0, MAX_OUTCOMES]}, 0 when
 *     {@code latencyEwma} is empty (and possibly when old samples have decayed to nothing)
 * @param throughputEwma the exponentially weighted average of the recorded throughputs in bytes per
 *     second, in {@code [0, MAX_THROUGHPUT]}; empty if no throughput was ever recorded
 * @param throughputSampleWeight the decayed number of throughput samples behind {@code
 *     throughputEwma}; in {@code [0, MAX_OUTCOMES]}, 0 when {@code throughputEwma} is empty
 * @param misbehaviourPoints decayed sum of misbehaviour points, in {@code [0,
 *     MAX_MISBEHAVIOUR_POINTS]}
 * @param updatedAt the instant the counters refer to: the last recorded event
 * @param connected whether the peer was connected at {@code updatedAt}; a connected peer's score is
 *     never expired
 * @param disconnectedAt when the peer last disconnected; empty if it is connected or was never seen
 *     connected; never after {@code updatedAt}
 */
public record ScoreState(
    double successes,
    double failures,
    Optional<Duration> latencyEwma,
    double latencySampleWeight,
    OptionalDouble throughputEwma,
    double throughputSampleWeight,
    double misbehaviourPoints,
    Instant updatedAt,
    boolean connected,
    Optional<Instant> disconnectedAt) {

  /**
   * The largest decayed count of outcomes or samples. Beyond 2^53 adding one changes nothing
   * anyway; the bound keeps sums of counts far from overflow.
   */
  public static final double MAX_OUTCOMES = 1e15;

  /**
   * The largest latency a state holds; longer measurements are recorded as this. A peer this slow
   * scores about 0 on latency with any sensible reference, and the bound keeps the averaging
   * arithmetic exact to the nanosecond.
   */
  public static final Duration MAX_LATENCY = Duration.ofHours(1);

  /**
   * The largest throughput a state holds, in bytes per second (1 PB/s); faster measurements are
   * recorded as this. They score about 1 with any sensible reference.
   */
  public static final double MAX_THROUGHPUT = 1e15;

  /**
   * The largest sum of misbehaviour points a state holds; more is recorded as this. With the
   * default scale of 100 a peer at this bound needs 33 half-lives to climb back above the floor.
   */
  public static final double MAX_MISBEHAVIOUR_POINTS = 1e12;

  /**
   * Validates every component.
   *
   * @param successes decayed count of successes, in {@code [0, MAX_OUTCOMES]}
   * @param failures decayed count of failures, in {@code [0, MAX_OUTCOMES]}
   * @param latencyEwma average latency, in {@code [0, MAX_LATENCY]}, or empty
   * @param latencySampleWeight decayed latency sample count, 0 if {@code latencyEwma} is empty
   * @param throughputEwma average bytes per second, in {@code [0, MAX_THROUGHPUT]}, or empty
   * @param throughputSampleWeight decayed throughput sample count, 0 if {@code throughputEwma} is
   *     empty
   * @param misbehaviourPoints decayed points, in {@code [0, MAX_MISBEHAVIOUR_POINTS]}
   * @param updatedAt the instant the counters refer to
   * @param connected whether the peer was connected at {@code updatedAt}
   * @param disconnectedAt the last disconnect, empty if connected, not after {@code updatedAt}
   * @throws IllegalArgumentException naming the component and the value that breaks its bound
   * @throws NullPointerException if an object component is {@code null}
   */
  public ScoreState {
    successes = bounded(successes, MAX_OUTCOMES, "successes");
    failures = bounded(failures, MAX_OUTCOMES, "failures");
    Objects.requireNonNull(latencyEwma, "latencyEwma");
    if (latencyEwma.isPresent()) {
      Duration latency = latencyEwma.get();
      if (latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
        throw new IllegalArgumentException(
            "latencyEwma must be in [0, " + MAX_LATENCY + "], was " + latency);
      }
    }
    latencySampleWeight = bounded(latencySampleWeight, MAX_OUTCOMES, "latencySampleWeight");
    if (latencyEwma.isEmpty() && latencySampleWeight != 0.0) {
      throw new IllegalArgumentException(
          "latencySampleWeight must be 0 when latencyEwma is empty, was " + latencySampleWeight);
    }
    Objects.requireNonNull(throughputEwma, "throughputEwma");
    if (throughputEwma.isPresent()) {
      bounded(throughputEwma.getAsDouble(), MAX_THROUGHPUT, "throughputEwma");
    }
    throughputSampleWeight =
        bounded(throughputSampleWeight, MAX_OUTCOMES, "throughputSampleWeight");
    if (throughputEwma.isEmpty() && throughputSampleWeight != 0.0) {
      throw new IllegalArgumentException(
          "throughputSampleWeight must be 0 when throughputEwma is empty, was "
              + throughputSampleWeight);
    }
    misbehaviourPoints = bounded(misbehaviourPoints, MAX_MISBEHAVIOUR_POINTS, "misbehaviourPoints");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(disconnectedAt, "disconnectedAt");
    if (connected && disconnectedAt.isPresent()) {
      throw new IllegalArgumentException(
          "a connected state has no disconnectedAt, was " + disconnectedAt.get());
    }
    if (disconnectedAt.isPresent() && disconnectedAt.get().isAfter(updatedAt)) {
      throw new IllegalArgumentException(
          "disconnectedAt " + disconnectedAt.get() + " must not be after updatedAt " + updatedAt);
    }
  }

  /**
   * Returns the state of a peer nothing has been recorded about: all counters zero, no samples, not
   * connected.
   *
   * @param at the instant the state refers to, not {@code null}
   * @return a fresh state
   * @throws NullPointerException if {@code at} is {@code null}
   */
  public static ScoreState initial(Instant at) {
    return new ScoreState(
        0.0,
        0.0,
        Optional.empty(),
        0.0,
        OptionalDouble.empty(),
        0.0,
        0.0,
        at,
        false,
        Optional.empty());
  }

  private static double bounded(double value, double max, String name) {
    if (!(value >= 0.0 && value <= max)) {
      throw new IllegalArgumentException(name + " must be in [0, " + max + "], was " + value);
    }
    return value + 0.0;
  }
}
