package dev.peerage.core.internal.score;

import dev.peerage.core.score.PeerScore;
import dev.peerage.core.score.ScoreState;
import dev.peerage.core.score.ScoringPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The arithmetic of {@link ScoringPolicy}'s score model over immutable {@link ScoreState}s: decay
 * to an instant, apply one event, compute a {@link PeerScore}. Pure functions of their arguments
 * and the policy, so they are safe to call from any thread and inside a map's compute function.
 *
 * <p>An instant earlier than a state's {@code updatedAt} is treated as equal to it: events recorded
 * by racing threads may arrive slightly out of order, and decay must never run backwards (that
 * would inflate counters). Latency and throughput averages are time-decayed means: every sample
 * enters with weight 1 and the weight of all earlier samples halves every half-life, which is an
 * exponentially weighted moving average over irregularly spaced samples. Unlike an EWMA with a
 * fixed smoothing factor, it gives the first sample its full value and does not ignore samples that
 * arrive at the same instant.
 */
public final class ScoreCalculator {

  private static final double NANOS_PER_SECOND = 1e9;

  /** Below this many seconds (about 285 years) a span in nanoseconds fits in a long. */
  private static final long EXACT_NANOS_LIMIT_SECONDS = 9_000_000_000L;

  private static final double MAX_LATENCY_NANOS = nanos(ScoreState.MAX_LATENCY);

  private final ScoringPolicy policy;
  private final double reliabilityHalfLifeSeconds;
  private final double latencyHalfLifeSeconds;
  private final double throughputHalfLifeSeconds;
  private final double misbehaviourHalfLifeSeconds;
  private final double referenceLatencySeconds;

  /**
   * Creates a calculator for one policy.
   *
   * @param policy the policy whose parameters apply, not {@code null}
   */
  public ScoreCalculator(ScoringPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.reliabilityHalfLifeSeconds = seconds(policy.reliabilityHalfLife());
    this.latencyHalfLifeSeconds = seconds(policy.latencyHalfLife());
    this.throughputHalfLifeSeconds = seconds(policy.throughputHalfLife());
    this.misbehaviourHalfLifeSeconds = seconds(policy.misbehaviourHalfLife());
    this.referenceLatencySeconds = seconds(policy.referenceLatency());
  }

  /**
   * Returns the policy this calculator applies.
   *
   * @return the policy
   */
  public ScoringPolicy policy() {
    return policy;
  }

  /**
   * Returns the factor {@code 0.5^(elapsedSeconds / halfLifeSeconds)} by which a quantity decays.
   *
   * @param elapsedSeconds time elapsed, {@code >= 0}
   * @param halfLifeSeconds the half-life, {@code > 0}
   * @return a factor in {@code [0, 1]}; exactly 1 for no elapsed time, exactly 0.5 for one
   *     half-life
   */
  public static double decayFactor(double elapsedSeconds, double halfLifeSeconds) {
    if (elapsedSeconds <= 0.0) {
      return 1.0;
    }
    return Math.pow(0.5, elapsedSeconds / halfLifeSeconds);
  }

  /**
   * Returns the seconds from {@code from} to {@code to}, or 0 if {@code to} is not after {@code
   * from}. Never overflows: every pair of instants is less than 2^56 seconds apart.
   *
   * @param from the earlier instant
   * @param to the later instant
   * @return seconds elapsed, {@code >= 0}
   */
  public static double secondsBetween(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return 0.0;
    }
    return seconds(to.getEpochSecond() - from.getEpochSecond(), to.getNano() - from.getNano());
  }

  /**
   * Returns a duration in seconds, without overflow for any duration.
   *
   * @param d the duration
   * @return its length in seconds
   */
  public static double seconds(Duration d) {
    return seconds(d.getSeconds(), d.getNano());
  }

  private static double seconds(long seconds, long nanos) {
    if (Math.abs(seconds) < EXACT_NANOS_LIMIT_SECONDS) {
      // Whole nanoseconds in a long, then one rounding: avoids the cancellation of adding a
      // fraction to a whole number (1 s - 0.999999999 s would come out 2.8e-17 s off).
      return (seconds * 1_000_000_000L + nanos) / NANOS_PER_SECOND;
    }
    return (double) seconds + nanos / NANOS_PER_SECOND;
  }

  private static double nanos(Duration d) {
    return (double) d.getSeconds() * NANOS_PER_SECOND + d.getNano();
  }

  /**
   * Returns the state with every decaying quantity decayed to {@code now} and {@code updatedAt}
   * moved to {@code now}; the state itself if {@code now} is not after its {@code updatedAt}.
   *
   * @param state the state to decay
   * @param now the instant to decay to
   * @return the decayed state
   */
  public ScoreState decayTo(ScoreState state, Instant now) {
    if (!now.isAfter(state.updatedAt())) {
      return state;
    }
    double elapsed = secondsBetween(state.updatedAt(), now);
    double reliabilityFactor = decayFactor(elapsed, reliabilityHalfLifeSeconds);
    return new ScoreState(
        state.successes() * reliabilityFactor,
        state.failures() * reliabilityFactor,
        state.latencyEwma(),
        state.latencySampleWeight() * decayFactor(elapsed, latencyHalfLifeSeconds),
        state.throughputEwma(),
        state.throughputSampleWeight() * decayFactor(elapsed, throughputHalfLifeSeconds),
        state.misbehaviourPoints() * decayFactor(elapsed, misbehaviourHalfLifeSeconds),
        now,
        state.connected(),
        state.disconnectedAt());
  }

  /**
   * Records one success at {@code now}.
   *
   * @param state the state before
   * @param now the instant of the success
   * @return the state after
   */
  public ScoreState withSuccess(ScoreState state, Instant now) {
    ScoreState s = decayTo(state, now);
    return new ScoreState(
        saturatingIncrement(s.successes()),
        s.failures(),
        s.latencyEwma(),
        s.latencySampleWeight(),
        s.throughputEwma(),
        s.throughputSampleWeight(),
        s.misbehaviourPoints(),
        s.updatedAt(),
        s.connected(),
        s.disconnectedAt());
  }

  /**
   * Records one failure at {@code now}.
   *
   * @param state the state before
   * @param now the instant of the failure
   * @return the state after
   */
  public ScoreState withFailure(ScoreState state, Instant now) {
    ScoreState s = decayTo(state, now);
    return new ScoreState(
        s.successes(),
        saturatingIncrement(s.failures()),
        s.latencyEwma(),
        s.latencySampleWeight(),
        s.throughputEwma(),
        s.throughputSampleWeight(),
        s.misbehaviourPoints(),
        s.updatedAt(),
        s.connected(),
        s.disconnectedAt());
  }

  /**
   * Records one latency sample at {@code now}, capped at {@link ScoreState#MAX_LATENCY}.
   *
   * @param state the state before
   * @param latency the measured latency, {@code >= 0}
   * @param now the instant of the measurement
   * @return the state after
   */
  public ScoreState withLatency(ScoreState state, Duration latency, Instant now) {
    ScoreState s = decayTo(state, now);
    double sample = Math.min(nanos(latency), MAX_LATENCY_NANOS);
    double weight = s.latencySampleWeight();
    double mean = s.latencyEwma().map(ScoreCalculator::nanos).orElse(0.0);
    double updated = (mean * weight + sample) / (weight + 1.0);
    long rounded = Math.round(Math.max(0.0, Math.min(MAX_LATENCY_NANOS, updated)));
    return new ScoreState(
        s.successes(),
        s.failures(),
        Optional.of(Duration.ofNanos(rounded)),
        saturatingIncrement(weight),
        s.throughputEwma(),
        s.throughputSampleWeight(),
        s.misbehaviourPoints(),
        s.updatedAt(),
        s.connected(),
        s.disconnectedAt());
  }

  /**
   * Records one throughput sample at {@code now}, capped at {@link ScoreState#MAX_THROUGHPUT}.
   *
   * @param state the state before
   * @param bytesPerSecond the measured rate, finite and {@code >= 0}
   * @param now the instant of the measurement
   * @return the state after
   */
  public ScoreState withThroughput(ScoreState state, double bytesPerSecond, Instant now) {
    ScoreState s = decayTo(state, now);
    double sample = Math.min(bytesPerSecond, ScoreState.MAX_THROUGHPUT);
    double weight = s.throughputSampleWeight();
    double mean = s.throughputEwma().orElse(0.0);
    double updated = (mean * weight + sample) / (weight + 1.0);
    return new ScoreState(
        s.successes(),
        s.failures(),
        s.latencyEwma(),
        s.latencySampleWeight(),
        OptionalDouble.of(Math.max(0.0, Math.min(ScoreState.MAX_THROUGHPUT, updated))),
        saturatingIncrement(weight),
        s.misbehaviourPoints(),
        s.updatedAt(),
        s.connected(),
        s.disconnectedAt());
  }

  /**
   * Adds misbehaviour points at {@code now}, saturating at {@link
   * ScoreState#MAX_MISBEHAVIOUR_POINTS}.
   *
   * @param state the state before
   * @param points the points to add, finite and {@code >= 0}
   * @param now the instant of the misbehaviour
   * @return the state after
   */
  public ScoreState withMisbehaviour(ScoreState state, double points, Instant now) {
    ScoreState s = decayTo(state, now);
    double sum = Math.min(ScoreState.MAX_MISBEHAVIOUR_POINTS, s.misbehaviourPoints() + points);
    return new ScoreState(
        s.successes(),
        s.failures(),
        s.latencyEwma(),
        s.latencySampleWeight(),
        s.throughputEwma(),
        s.throughputSampleWeight(),
        sum,
        s.updatedAt(),
        s.connected(),
        s.disconnectedAt());
  }

  /**
   * Marks the peer connected at {@code now}; clears {@code disconnectedAt}.
   *
   * @param state the state before
   * @param now the instant of the connection
   * @return the state after
   */
  public ScoreState withConnected(ScoreState state, Instant now) {
    ScoreState s = decayTo(state, now);
    return withConnection(s, true, Optional.empty());
  }

  /**
   * Marks the peer disconnected at {@code now} (or at the state's {@code updatedAt} if that is
   * later), which starts its retention period.
   *
   * @param state the state before
   * @param now the instant of the disconnect
   * @return the state after
   */
  public ScoreState withDisconnected(ScoreState state, Instant now) {
    ScoreState s = decayTo(state, now);
    return withConnection(s, false, Optional.of(s.updatedAt()));
  }

  private static ScoreState withConnection(
      ScoreState s, boolean connected, Optional<Instant> disconnectedAt) {
    return new ScoreState(
        s.successes(),
        s.failures(),
        s.latencyEwma(),
        s.latencySampleWeight(),
        s.throughputEwma(),
        s.throughputSampleWeight(),
        s.misbehaviourPoints(),
        s.updatedAt(),
        connected,
        disconnectedAt);
  }

  /**
   * Returns whether the state is past retention at {@code now}: not connected, and at least {@link
   * ScoringPolicy#retention()} has elapsed since its {@code updatedAt}.
   *
   * @param state the state
   * @param now the instant to judge at
   * @return whether the state should be forgotten
   */
  public boolean isExpired(ScoreState state, Instant now) {
    return !state.connected()
        && Duration.between(state.updatedAt(), now).compareTo(policy.retention()) >= 0;
  }

  /**
   * Computes the score of a state at {@code now}, decaying it first.
   *
   * @param state the state
   * @param now the instant of the score
   * @return the score, with every component within its documented range
   */
  public PeerScore score(ScoreState state, Instant now) {
    ScoreState s = decayTo(state, now);
    double positive = s.successes() + policy.priorSuccesses();
    double reliability = clamp(positive / (positive + (s.failures() + policy.priorFailures())));

    double performance;
    if (s.latencyEwma().isPresent() && s.throughputEwma().isPresent()) {
      double share = policy.latencyShare();
      performance =
          share * latencyPart(s.latencyEwma().get())
              + (1.0 - share) * throughputPart(s.throughputEwma().getAsDouble());
    } else if (s.latencyEwma().isPresent()) {
      performance = latencyPart(s.latencyEwma().get());
    } else if (s.throughputEwma().isPresent()) {
      performance = throughputPart(s.throughputEwma().getAsDouble());
    } else {
      performance = 0.5;
    }

    double behaviour = 0.0 - Math.min(1.0, s.misbehaviourPoints() / policy.behaviourPointsScale());
    return policy.combine(reliability, clamp(performance), behaviour);
  }

  private double latencyPart(Duration latency) {
    return referenceLatencySeconds / (referenceLatencySeconds + seconds(latency));
  }

  private double throughputPart(double bytesPerSecond) {
    return bytesPerSecond / (bytesPerSecond + policy.referenceThroughput());
  }

  private static double saturatingIncrement(double count) {
    return Math.min(ScoreState.MAX_OUTCOMES, count + 1.0);
  }

  private static double clamp(double unit) {
    return Math.max(0.0, Math.min(1.0, unit));
  }
}
