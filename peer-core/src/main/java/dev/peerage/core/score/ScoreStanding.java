package dev.peerage.core.score;

/**
 * Where a peer's total score lies against the thresholds of a {@link ScoringPolicy}, and what a
 * peer manager does with that. Declared from worst to best, so the natural order of the constants
 * is the order of the bands.
 *
 * @see ScoringPolicy#standingOf(double)
 */
public enum ScoreStanding {
  /**
   * Total below {@link ScoringPolicy#evictThreshold()}: misbehaviour outweighs the peer's merits.
   * It is disconnected or evicted first, its cached address is dropped first, and it is not
   * dialled.
   */
  EVICTABLE,
  /**
   * Total in {@code [evictThreshold, avoidThreshold)}: dialled only when no better candidate is
   * left, and evicted before neutral and preferred peers.
   */
  AVOIDED,
  /**
   * Total in {@code [avoidThreshold, preferThreshold)}: an ordinary peer, the place of new ones.
   */
  NEUTRAL,
  /**
   * Total at or above {@link ScoringPolicy#preferThreshold()}: dialled first and the last to be
   * evicted or rotated out.
   */
  PREFERRED
}
