package dev.peerage.core.score;

/**
 * One peer's score at one instant: three components and their weighted total, as defined by a
 * {@link ScoringPolicy} (see its documentation for the formulas). Immutable.
 *
 * <p>The natural order is ascending by {@link #total()}, then by reliability, behaviour and
 * performance, so that of two peers with the same total the more reliable, then the better behaved,
 * then the faster one sorts higher. It is consistent with {@link #equals(Object)}. {@code -0.0} is
 * stored as {@code 0.0} so that equal-looking scores are equal.
 *
 * <p>Build scores with {@link ScoringPolicy#combine(double, double, double)} so the total matches a
 * policy; the canonical constructor checks each value's range but cannot check the weighting.
 *
 * @param reliability the smoothed success rate, in {@code [0, 1]}
 * @param performance the latency and throughput score, in {@code [0, 1]}; 0.5 when nothing was
 *     measured
 * @param behaviour the misbehaviour penalty, in {@code [-1, 0]}; 0 means none
 * @param total the weighted total, finite; within {@code [policy.minTotal(), 1]} when built by a
 *     policy
 */
public record PeerScore(double reliability, double performance, double behaviour, double total)
    implements Comparable<PeerScore> {

  /**
   * The score of a peer nothing is known about under symmetric priors: reliability 0.5, performance
   * 0.5, behaviour 0, total 0.5 (whatever the weights).
   */
  public static final PeerScore NEUTRAL = new PeerScore(0.5, 0.5, 0.0, 0.5);

  /**
   * Checks the ranges and folds {@code -0.0} into {@code 0.0}.
   *
   * @param reliability the smoothed success rate, in {@code [0, 1]}
   * @param performance the latency and throughput score, in {@code [0, 1]}
   * @param behaviour the misbehaviour penalty, in {@code [-1, 0]}
   * @param total the weighted total, finite
   * @throws IllegalArgumentException naming the component and value that is out of range or not
   *     finite
   */
  public PeerScore {
    checkComponents(reliability, performance, behaviour);
    if (!Double.isFinite(total)) {
      throw new IllegalArgumentException("total must be a finite number, was " + total);
    }
    reliability += 0.0;
    performance += 0.0;
    behaviour += 0.0;
    total += 0.0;
  }

  static void checkComponents(double reliability, double performance, double behaviour) {
    if (!(reliability >= 0.0 && reliability <= 1.0)) {
      throw new IllegalArgumentException("reliability must be in [0, 1], was " + reliability);
    }
    if (!(performance >= 0.0 && performance <= 1.0)) {
      throw new IllegalArgumentException("performance must be in [0, 1], was " + performance);
    }
    if (!(behaviour >= -1.0 && behaviour <= 0.0)) {
      throw new IllegalArgumentException("behaviour must be in [-1, 0], was " + behaviour);
    }
  }

  /**
   * Orders by total, then reliability, behaviour and performance, all ascending.
   *
   * @param other the score to compare with, not {@code null}
   * @return a negative number, zero or a positive number as this score is lower than, equal to or
   *     higher than {@code other}
   */
  @Override
  public int compareTo(PeerScore other) {
    int c = Double.compare(total, other.total);
    if (c == 0) {
      c = Double.compare(reliability, other.reliability);
    }
    if (c == 0) {
      c = Double.compare(behaviour, other.behaviour);
    }
    if (c == 0) {
      c = Double.compare(performance, other.performance);
    }
    return c;
  }
}
