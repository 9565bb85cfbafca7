package dev.peerage.core.score;

import dev.peerage.core.internal.Check;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable, validated parameters of peer scoring: how the three components of a {@link PeerScore}
 * are measured, how fast old evidence fades, how they are weighted into a total, where the
 * thresholds of a {@link ScoreStanding} lie, and how long the manager's score board remembers a peer.
 *
 * <p>Get one with {@link #defaults()}, or {@link #builder()} / {@link #toBuilder()} and {@link
 * Builder#build()}. Every builder setter rejects a bad value at once with an {@link
 * IllegalArgumentException} (or {@link NullPointerException} for {@code null}) that names the
 * setting and quotes the value; {@code build()} checks the rules that involve several settings (at
 * least one positive quality weight, thresholds in order and within reach). A policy that was built
 * is therefore always usable: nothing can silently switch scoring off, which is what users of
 * libp2p gossipsub ran into with invalid weights.
 *
 * <h2>The score model</h2>
 *
 * <ul>
 *   <li><b>Reliability</b> in {@code [0, 1]}: the smoothed success rate {@code (s + priorSuccesses)
 *       / (s + f + priorSuccesses + priorFailures)}, where {@code s} and {@code f} are the counts
 *       of recorded successes and failures, each decayed with {@link #reliabilityHalfLife()}. The
 *       priors are the parameters of a Beta prior, so one outcome is never decisive and a peer
 *       about which nothing is known scores {@code priorSuccesses / (priorSuccesses +
 *       priorFailures)}. As evidence decays the value drifts back to that prior.
 *   <li><b>Performance</b> in {@code [0, 1]}: a latency part {@code L0 / (L0 + latency)} (1 for
 *       zero latency, 0.5 at {@link #referenceLatency()} {@code L0}, towards 0 for slow peers) and
 *       a throughput part {@code T / (T + T0)} (0 for nothing, 0.5 at {@link
 *       #referenceThroughput()} {@code T0}, towards 1 for fast peers), mixed by {@link
 *       #latencyShare()}. Both inputs are exponentially weighted moving averages of the recorded
 *       samples, each sample's weight halving every {@link #latencyHalfLife()} (resp. {@link
 *       #throughputHalfLife()}). A part that was never measured does not dilute the other: the
 *       performance of a peer with only latency samples is its latency part. A peer with no samples
 *       at all scores 0.5.
 *   <li><b>Behaviour</b> in {@code [-1, 0]}: {@code -min(1, points / behaviourPointsScale)} where
 *       {@code points} is the sum of recorded misbehaviour points, decayed with {@link
 *       #misbehaviourHalfLife()}. 0 means no (remembered) misbehaviour; it is a pure penalty.
 * </ul>
 *
 * <p>The <b>total</b> is {@code (wR * reliability + wP * performance + wB * behaviour) / (wR + wP)}
 * with the three weights below. Reliability and performance form a weighted mean in {@code [0, 1]}
 * (so the weights are relative: scaling all three by the same factor changes nothing) and behaviour
 * subtracts up to {@code wB / (wR + wP)}. The total therefore always lies in {@code [}{@link
 * #minTotal()}{@code , }{@link #maxTotal()}{@code ]} = {@code [-wB / (wR + wP), 1]}; with the
 * default weights that is {@code [-1, 1]}, a peer nobody knows anything about totals 0.5 ({@link
 * PeerScore#NEUTRAL}) and a peer at the full misbehaviour penalty totals at most 0.
 *
 * <h2>Decay</h2>
 *
 * <p>Every decaying quantity is multiplied by {@code 0.5^(elapsed / halfLife)}. Decay is a pure
 * function of the time elapsed since the state was last written, computed when the state is read or
 * written: nothing ticks in the background, so the same arithmetic holds on virtual time, after a
 * restore from disk and across a restart. In gossipsub's terms (a factor {@code d} applied every
 * {@code tick}, where {@code d = 0.01^(1/ticks)} reaches 1% after {@code ticks}), a half-life
 * {@code h} corresponds to {@code d = 0.5^(tick / h)}, and it takes {@code log2(100) ≈ 6.64}
 * half-lives to reach 1%.
 *
 * <h2>Thresholds</h2>
 *
 * <p>{@link #standingOf(double)} places a total in one of four {@link ScoreStanding}s: {@code total
 * < evictThreshold} is {@link ScoreStanding#EVICTABLE}, below {@code avoidThreshold} {@link
 * ScoreStanding#AVOIDED}, at or above {@code preferThreshold} {@link ScoreStanding#PREFERRED},
 * anything else {@link ScoreStanding#NEUTRAL}. The rule is {@code minTotal <= evictThreshold <=
 * avoidThreshold < preferThreshold <= 1}: a threshold outside the reachable range is almost always
 * a misunderstanding of the scale (say, Besu's 0 to 150 reputation), so it fails loudly. Setting
 * {@code evictThreshold} to {@link #minTotal()} switches eviction by score off, and {@code
 * avoidThreshold == evictThreshold} leaves the avoided band empty.
 *
 * <h2>Defaults</h2>
 *
 * <table>
 *   <caption>Default values and why</caption>
 *   <tr><th>setting</th><th>default</th><th>why</th></tr>
 *   <tr><td>reliabilityWeight</td><td>0.6</td><td>whether a peer answers matters more than how
 *       fast; with performance 0.4 the weights sum to 1, so the total reads directly</td></tr>
 *   <tr><td>performanceWeight</td><td>0.4</td><td>see reliabilityWeight</td></tr>
 *   <tr><td>behaviourWeight</td><td>1.0</td><td>equal to the quality weights' sum, so a peer at
 *       the full misbehaviour penalty totals at most 0 however good it is otherwise, and is
 *       evictable</td></tr>
 *   <tr><td>priorSuccesses, priorFailures</td><td>1, 1</td><td>Laplace's rule of succession: a
 *       new peer is at 0.5, one failure takes it to 1/3 (not decisive), five straight failures
 *       push a peer of unknown performance below the avoid threshold, much like Besu's penalty
 *       after 5 timeouts</td></tr>
 *   <tr><td>reliabilityHalfLife</td><td>6 h</td><td>a quarter of the retention: a peer that
 *       failed during an outage of an hour recovers the same day, while what it did yesterday
 *       still counts 1/16 when it comes back</td></tr>
 *   <tr><td>latencyHalfLife, throughputHalfLife</td><td>10 min</td><td>with keep-alive pings every
 *       15 to 60 s this averages over 10 to 40 samples, so one slow answer barely moves the score
 *       while a changed route shows within half an hour</td></tr>
 *   <tr><td>referenceLatency</td><td>100 ms</td><td>a typical intercontinental round trip scores
 *       0.5; same-continent peers (10 to 50 ms) score 0.67 to 0.9; a second scores 0.09</td></tr>
 *   <tr><td>referenceThroughput</td><td>1,000,000 bytes/s</td><td>a modest home uplink (8
 *       Mbit/s) scores 0.5</td></tr>
 *   <tr><td>latencyShare</td><td>0.5</td><td>no preference between responsiveness and bulk
 *       transfer; a host that cares about one of them moves it</td></tr>
 *   <tr><td>misbehaviourHalfLife</td><td>1 h</td><td>slower than gossipsub's usual "1% after an
 *       hour" because Peerage's points are coarse (protocol violations, not messages); a penalty
 *       is down to 1% after about 6.6 h, well inside the retention, so reconnecting does not
 *       wash it off</td></tr>
 *   <tr><td>behaviourPointsScale</td><td>100</td><td>Bitcoin Core's historical ban score
 *       threshold: 100 points of misbehaviour is the full penalty</td></tr>
 *   <tr><td>evictThreshold</td><td>0.0</td><td>with the default weights a well-behaved peer
 *       never totals below 0, so only misbehaviour outweighing all its merits makes it
 *       evictable</td></tr>
 *   <tr><td>avoidThreshold</td><td>0.3</td><td>about five straight failures of a new peer of
 *       unknown performance (see the priors)</td></tr>
 *   <tr><td>preferThreshold</td><td>0.75</td><td>reached by, for example, ten successes and no
 *       failure with 50 ms latency (0.82); a new peer (0.5) is not preferred</td></tr>
 *   <tr><td>retention</td><td>24 h</td><td>longer than gossipsub's usual 6 to 11 h: it spans a
 *       daily restart or a home node's nightly disconnect, and matches the 24 h of Bitcoin Core
 *       bans and CometBFT's bad-peer marks, so a peer cannot reset its score by reconnecting;
 *       after a day away reliability evidence has decayed to 1/16 anyway</td></tr>
 *   <tr><td>maxEntries</td><td>100,000</td><td>more than the address book's default capacity
 *       (about 80,000) plus managed peers, so every known address can carry a score; an entry
 *       takes about 310 bytes besides its key (measured on JDK 17), some 31 MB at the
 *       bound</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe; the {@link Builder} is not thread-safe.
 */
public final class ScoringPolicy {

  /** The highest possible total: a weighted mean of components that are at most 1. */
  private static final double MAX_TOTAL = 1.0;

  /**
   * The largest accepted {@link #behaviourPointsScale()}: the manager's score board caps a peer's
   * accumulated points at {@link ScoreState#MAX_MISBEHAVIOUR_POINTS}, so a larger scale could never
   * be reached.
   */
  public static final double MAX_BEHAVIOUR_POINTS_SCALE = ScoreState.MAX_MISBEHAVIOUR_POINTS;

  private static final ScoringPolicy DEFAULTS = new Builder().build();

  /** The settings, each declared once; the record gives equality, hash code and string form. */
  private record Settings(
      double reliabilityWeight,
      double performanceWeight,
      double behaviourWeight,
      double priorSuccesses,
      double priorFailures,
      Duration reliabilityHalfLife,
      Duration latencyHalfLife,
      Duration throughputHalfLife,
      Duration referenceLatency,
      double referenceThroughput,
      double latencyShare,
      Duration misbehaviourHalfLife,
      double behaviourPointsScale,
      double evictThreshold,
      double avoidThreshold,
      double preferThreshold,
      Duration retention,
      int maxEntries) {}

  private final Settings settings;

  // Derived once so that every score is computed with exactly the same factors.
  private final double normalizedReliabilityWeight;
  private final double normalizedPerformanceWeight;
  private final double normalizedBehaviourWeight;
  private final PeerScore unknownPeerScore;

  private ScoringPolicy(Settings s) {
    this.settings = s;
    double reliabilityWeight = s.reliabilityWeight();
    double performanceWeight = s.performanceWeight();
    double behaviourWeight = s.behaviourWeight();
    double evictThreshold = s.evictThreshold();
    double avoidThreshold = s.avoidThreshold();
    double preferThreshold = s.preferThreshold();

    double qualityWeight = reliabilityWeight + performanceWeight;
    if (!(qualityWeight > 0)) {
      throw new IllegalArgumentException(
          "reliabilityWeight and performanceWeight are both 0: every well-behaved peer would get"
              + " the same total, which silently switches scoring off; give at least one of them a"
              + " positive weight");
    }
    if (Double.isInfinite(qualityWeight)) {
      throw new IllegalArgumentException(
          "reliabilityWeight + performanceWeight overflows ("
              + reliabilityWeight
              + " + "
              + performanceWeight
              + "); weights are relative, use smaller numbers");
    }
    this.normalizedReliabilityWeight = reliabilityWeight / qualityWeight;
    this.normalizedPerformanceWeight = performanceWeight / qualityWeight;
    this.normalizedBehaviourWeight = behaviourWeight / qualityWeight;
    if (Double.isInfinite(normalizedBehaviourWeight)) {
      throw new IllegalArgumentException(
          "behaviourWeight "
              + behaviourWeight
              + " is too large against reliabilityWeight + "
              + "performanceWeight "
              + qualityWeight
              + ": the lowest total would not be finite");
    }

    double minTotal = minTotal();
    if (evictThreshold < minTotal) {
      throw new IllegalArgumentException(
          "evictThreshold "
              + evictThreshold
              + " is below the lowest possible total "
              + minTotal
              + " (= -behaviourWeight / (reliabilityWeight + performanceWeight)); totals lie in ["
              + minTotal
              + ", 1.0]");
    }
    if (evictThreshold > avoidThreshold) {
      throw new IllegalArgumentException(
          "evictThreshold " + evictThreshold + " must be <= avoidThreshold " + avoidThreshold);
    }
    if (!(avoidThreshold < preferThreshold)) {
      throw new IllegalArgumentException(
          "avoidThreshold " + avoidThreshold + " must be < preferThreshold " + preferThreshold);
    }
    if (preferThreshold > MAX_TOTAL) {
      throw new IllegalArgumentException(
          "preferThreshold "
              + preferThreshold
              + " is above the highest possible total 1.0;"
              + " totals lie in ["
              + minTotal
              + ", 1.0]");
    }
    double priorReliability = s.priorSuccesses() / (s.priorSuccesses() + s.priorFailures());
    this.unknownPeerScore = combine(priorReliability, 0.5, 0.0);
  }

  /**
   * Returns the default policy; the class documentation lists each value and why it was chosen.
   *
   * @return the shared default policy, never {@code null}
   */
  public static ScoringPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a new builder preset with the {@linkplain #defaults() default} values.
   *
   * @return a new builder, never {@code null}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a new builder preset with this policy's values, to derive a variant.
   *
   * @return a new builder, never {@code null}
   */
  public Builder toBuilder() {
    return new Builder(settings);
  }

  /**
   * Returns the weight of reliability in the total.
   *
   * @return a finite weight {@code >= 0}
   */
  public double reliabilityWeight() {
    return settings.reliabilityWeight();
  }

  /**
   * Returns the weight of performance in the total.
   *
   * @return a finite weight {@code >= 0}
   */
  public double performanceWeight() {
    return settings.performanceWeight();
  }

  /**
   * Returns the weight of the behaviour penalty in the total.
   *
   * @return a finite weight {@code >= 0}; 0 means misbehaviour does not affect the total
   */
  public double behaviourWeight() {
    return settings.behaviourWeight();
  }

  /**
   * Returns the prior pseudo-count of successes every peer starts with.
   *
   * @return a finite count {@code > 0}
   */
  public double priorSuccesses() {
    return settings.priorSuccesses();
  }

  /**
   * Returns the prior pseudo-count of failures every peer starts with.
   *
   * @return a finite count {@code > 0}
   */
  public double priorFailures() {
    return settings.priorFailures();
  }

  /**
   * Returns the time after which a recorded success or failure counts half.
   *
   * @return a positive duration
   */
  public Duration reliabilityHalfLife() {
    return settings.reliabilityHalfLife();
  }

  /**
   * Returns the time after which a latency sample weighs half in the latency average.
   *
   * @return a positive duration
   */
  public Duration latencyHalfLife() {
    return settings.latencyHalfLife();
  }

  /**
   * Returns the time after which a throughput sample weighs half in the throughput average.
   *
   * @return a positive duration
   */
  public Duration throughputHalfLife() {
    return settings.throughputHalfLife();
  }

  /**
   * Returns the average latency whose latency part scores 0.5.
   *
   * @return a positive duration
   */
  public Duration referenceLatency() {
    return settings.referenceLatency();
  }

  /**
   * Returns the average throughput, in bytes per second, whose throughput part scores 0.5.
   *
   * @return a finite rate {@code > 0}, bytes per second
   */
  public double referenceThroughput() {
    return settings.referenceThroughput();
  }

  /**
   * Returns the share of latency in performance when both latency and throughput were measured;
   * throughput gets the rest.
   *
   * @return a share in {@code [0, 1]}
   */
  public double latencyShare() {
    return settings.latencyShare();
  }

  /**
   * Returns the time after which misbehaviour points count half: in the score's behaviour part and,
   * capped at a century, in the points toward a misbehaviour ban ({@code BanPolicy.misbehaviourThreshold()}),
   * so one setting decides how long a fault is remembered.
   *
   * @return a positive duration
   */
  public Duration misbehaviourHalfLife() {
    return settings.misbehaviourHalfLife();
  }

  /**
   * Returns the number of (decayed) misbehaviour points at which the behaviour component reaches
   * its floor of -1.
   *
   * @return a finite number of points in {@code (0, MAX_BEHAVIOUR_POINTS_SCALE]}
   */
  public double behaviourPointsScale() {
    return settings.behaviourPointsScale();
  }

  /**
   * Returns the total below which a peer is {@link ScoreStanding#EVICTABLE}.
   *
   * @return a finite threshold in {@code [minTotal(), avoidThreshold()]}
   */
  public double evictThreshold() {
    return settings.evictThreshold();
  }

  /**
   * Returns the total below which a peer is {@link ScoreStanding#AVOIDED} (or worse).
   *
   * @return a finite threshold in {@code [evictThreshold(), preferThreshold())}
   */
  public double avoidThreshold() {
    return settings.avoidThreshold();
  }

  /**
   * Returns the total at or above which a peer is {@link ScoreStanding#PREFERRED}.
   *
   * @return a finite threshold in {@code (avoidThreshold(), 1]}
   */
  public double preferThreshold() {
    return settings.preferThreshold();
  }

  /**
   * Returns how long the manager's score board keeps the score of a peer that is not connected, counted
   * from the peer's last recorded event (usually its disconnect).
   *
   * @return a positive duration
   */
  public Duration retention() {
    return settings.retention();
  }

  /**
   * Returns the most peers the manager's score board tracks at once.
   *
   * @return a bound {@code >= 1}
   */
  public int maxEntries() {
    return settings.maxEntries();
  }

  /**
   * Returns the lowest total any peer can reach: {@code -behaviourWeight / (reliabilityWeight +
   * performanceWeight)}.
   *
   * @return a finite value {@code <= 0}
   */
  public double minTotal() {
    return -normalizedBehaviourWeight + 0.0;
  }

  /**
   * Returns the highest total any peer can reach, 1.
   *
   * @return 1.0
   */
  public double maxTotal() {
    return MAX_TOTAL;
  }

  /**
   * Returns the score of a peer about which nothing is known: reliability at the prior mean {@code
   * priorSuccesses / (priorSuccesses + priorFailures)}, performance 0.5, behaviour 0. With equal
   * priors (the default) this is {@link PeerScore#NEUTRAL}.
   *
   * @return the score of an unknown peer, never {@code null}
   */
  public PeerScore unknownPeerScore() {
    return unknownPeerScore;
  }

  /**
   * Combines three components into a score with this policy's weights.
   *
   * @param reliability the reliability component, in {@code [0, 1]}
   * @param performance the performance component, in {@code [0, 1]}
   * @param behaviour the behaviour component, in {@code [-1, 0]}
   * @return the score with its total {@code (wR * reliability + wP * performance + wB * behaviour)
   *     / (wR + wP)}, in {@code [minTotal(), 1]}
   * @throws IllegalArgumentException if a component is not finite or out of its range
   */
  public PeerScore combine(double reliability, double performance, double behaviour) {
    PeerScore.checkComponents(reliability, performance, behaviour);
    double total =
        normalizedReliabilityWeight * reliability
            + normalizedPerformanceWeight * performance
            + normalizedBehaviourWeight * behaviour;
    // Rounding must not push a total past the documented bounds.
    total = Math.max(minTotal(), Math.min(MAX_TOTAL, total));
    return new PeerScore(reliability, performance, behaviour, total);
  }

  /**
   * Places a score in its standing by its {@linkplain PeerScore#total() total}.
   *
   * @param score the score to classify, not {@code null}
   * @return the standing of the score's total
   * @throws NullPointerException if {@code score} is {@code null}
   */
  public ScoreStanding standingOf(PeerScore score) {
    Objects.requireNonNull(score, "score");
    return standingOf(score.total());
  }

  /**
   * Places a total in its standing: below {@link #evictThreshold()} {@link
   * ScoreStanding#EVICTABLE}, else below {@link #avoidThreshold()} {@link ScoreStanding#AVOIDED},
   * else below {@link #preferThreshold()} {@link ScoreStanding#NEUTRAL}, else {@link
   * ScoreStanding#PREFERRED}.
   *
   * @param total a total score
   * @return the standing of {@code total}
   * @throws IllegalArgumentException if {@code total} is NaN
   */
  public ScoreStanding standingOf(double total) {
    if (Double.isNaN(total)) {
      throw new IllegalArgumentException("total must be a number, was NaN");
    }
    if (total < settings.evictThreshold()) {
      return ScoreStanding.EVICTABLE;
    }
    if (total < settings.avoidThreshold()) {
      return ScoreStanding.AVOIDED;
    }
    if (total < settings.preferThreshold()) {
      return ScoreStanding.NEUTRAL;
    }
    return ScoreStanding.PREFERRED;
  }

  /**
   * Compares every setting.
   *
   * @param o the object to compare with
   * @return whether {@code o} is a policy with the same settings
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof ScoringPolicy p && settings.equals(p.settings);
  }

  /**
   * Hashes every setting, consistently with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  /**
   * Lists every setting by name, for logs.
   *
   * @return for example {@code ScoringPolicy[reliabilityWeight=0.6, performanceWeight=0.4, ...]}
   */
  @Override
  public String toString() {
    String values = settings.toString(); // "Settings[...]": show the public name instead
    return "ScoringPolicy" + values.substring(values.indexOf('['));
  }

  /**
   * Builds a {@link ScoringPolicy}. Starts from the {@linkplain ScoringPolicy#defaults() defaults};
   * each setter checks its value at once and may be called again to change it. Not thread-safe.
   */
  public static final class Builder {
    private double reliabilityWeight = 0.6;
    private double performanceWeight = 0.4;
    private double behaviourWeight = 1.0;
    private double priorSuccesses = 1.0;
    private double priorFailures = 1.0;
    private Duration reliabilityHalfLife = Duration.ofHours(6);
    private Duration latencyHalfLife = Duration.ofMinutes(10);
    private Duration throughputHalfLife = Duration.ofMinutes(10);
    private Duration referenceLatency = Duration.ofMillis(100);
    private double referenceThroughput = 1_000_000.0;
    private double latencyShare = 0.5;
    private Duration misbehaviourHalfLife = Duration.ofHours(1);
    private double behaviourPointsScale = 100.0;
    private double evictThreshold = 0.0;
    private double avoidThreshold = 0.3;
    private double preferThreshold = 0.75;
    private Duration retention = Duration.ofHours(24);
    private int maxEntries = 100_000;

    private Builder() {}

    private Builder(Settings s) {
      reliabilityWeight = s.reliabilityWeight();
      performanceWeight = s.performanceWeight();
      behaviourWeight = s.behaviourWeight();
      priorSuccesses = s.priorSuccesses();
      priorFailures = s.priorFailures();
      reliabilityHalfLife = s.reliabilityHalfLife();
      latencyHalfLife = s.latencyHalfLife();
      throughputHalfLife = s.throughputHalfLife();
      referenceLatency = s.referenceLatency();
      referenceThroughput = s.referenceThroughput();
      latencyShare = s.latencyShare();
      misbehaviourHalfLife = s.misbehaviourHalfLife();
      behaviourPointsScale = s.behaviourPointsScale();
      evictThreshold = s.evictThreshold();
      avoidThreshold = s.avoidThreshold();
      preferThreshold = s.preferThreshold();
      retention = s.retention();
      maxEntries = s.maxEntries();
    }

    /**
     * Sets the weight of reliability in the total (default 0.6). Weights are relative.
     *
     * @param weight a finite weight {@code >= 0}
     * @return this builder
     * @throws IllegalArgumentException if {@code weight} is negative, NaN or infinite
     */
    public Builder reliabilityWeight(double weight) {
      this.reliabilityWeight = Check.atLeast(weight, "reliabilityWeight", 0.0);
      return this;
    }

    /**
     * Sets the weight of performance in the total (default 0.4). Weights are relative.
     *
     * @param weight a finite weight {@code >= 0}
     * @return this builder
     * @throws IllegalArgumentException if {@code weight} is negative, NaN or infinite
     */
    public Builder performanceWeight(double weight) {
      this.performanceWeight = Check.atLeast(weight, "performanceWeight", 0.0);
      return this;
    }

    /**
     * Sets the weight of the behaviour penalty in the total (default 1.0); 0 ignores misbehaviour.
     *
     * @param weight a finite weight {@code >= 0}
     * @return this builder
     * @throws IllegalArgumentException if {@code weight} is negative, NaN or infinite
     */
    public Builder behaviourWeight(double weight) {
      this.behaviourWeight = Check.atLeast(weight, "behaviourWeight", 0.0);
      return this;
    }

    /**
     * Sets the prior pseudo-count of successes (default 1).
     *
     * @param count a finite count {@code > 0}
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is not positive and finite
     */
    public Builder priorSuccesses(double count) {
      this.priorSuccesses = Check.positive(count, "priorSuccesses");
      return this;
    }

    /**
     * Sets the prior pseudo-count of failures (default 1).
     *
     * @param count a finite count {@code > 0}
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is not positive and finite
     */
    public Builder priorFailures(double count) {
      this.priorFailures = Check.positive(count, "priorFailures");
      return this;
    }

    /**
     * Sets the half-life of recorded successes and failures (default 6 h).
     *
     * @param halfLife a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code halfLife} is zero or negative
     * @throws NullPointerException if {@code halfLife} is {@code null}
     */
    public Builder reliabilityHalfLife(Duration halfLife) {
      this.reliabilityHalfLife = Check.positive(halfLife, "reliabilityHalfLife");
      return this;
    }

    /**
     * Sets the half-life of latency samples in the latency average (default 10 min).
     *
     * @param halfLife a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code halfLife} is zero or negative
     * @throws NullPointerException if {@code halfLife} is {@code null}
     */
    public Builder latencyHalfLife(Duration halfLife) {
      this.latencyHalfLife = Check.positive(halfLife, "latencyHalfLife");
      return this;
    }

    /**
     * Sets the half-life of throughput samples in the throughput average (default 10 min).
     *
     * @param halfLife a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code halfLife} is zero or negative
     * @throws NullPointerException if {@code halfLife} is {@code null}
     */
    public Builder throughputHalfLife(Duration halfLife) {
      this.throughputHalfLife = Check.positive(halfLife, "throughputHalfLife");
      return this;
    }

    /**
     * Sets the average latency that scores 0.5 (default 100 ms).
     *
     * @param latency a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code latency} is zero or negative
     * @throws NullPointerException if {@code latency} is {@code null}
     */
    public Builder referenceLatency(Duration latency) {
      this.referenceLatency = Check.positive(latency, "referenceLatency");
      return this;
    }

    /**
     * Sets the average throughput, in bytes per second, that scores 0.5 (default 1,000,000).
     *
     * @param bytesPerSecond a finite rate {@code > 0}
     * @return this builder
     * @throws IllegalArgumentException if {@code bytesPerSecond} is not positive and finite
     */
    public Builder referenceThroughput(double bytesPerSecond) {
      this.referenceThroughput = Check.positive(bytesPerSecond, "referenceThroughput");
      return this;
    }

    /**
     * Sets the share of latency in performance when both parts were measured (default 0.5).
     *
     * @param share a share in {@code [0, 1]}
     * @return this builder
     * @throws IllegalArgumentException if {@code share} is outside {@code [0, 1]} or NaN
     */
    public Builder latencyShare(double share) {
      this.latencyShare = Check.between(share, "latencyShare", 0.0, 1.0);
      return this;
    }

    /**
     * Sets the half-life of misbehaviour points (default 1 h).
     *
     * @param halfLife a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code halfLife} is zero or negative
     * @throws NullPointerException if {@code halfLife} is {@code null}
     */
    public Builder misbehaviourHalfLife(Duration halfLife) {
      this.misbehaviourHalfLife = Check.positive(halfLife, "misbehaviourHalfLife");
      return this;
    }

    /**
     * Sets the number of misbehaviour points at which behaviour reaches -1 (default 100).
     *
     * @param points a finite number in {@code (0, MAX_BEHAVIOUR_POINTS_SCALE]}
     * @return this builder
     * @throws IllegalArgumentException if {@code points} is not positive and finite, or above
     *     {@link ScoringPolicy#MAX_BEHAVIOUR_POINTS_SCALE}
     */
    public Builder behaviourPointsScale(double points) {
      this.behaviourPointsScale =
          Check.positive(points, "behaviourPointsScale", MAX_BEHAVIOUR_POINTS_SCALE);
      return this;
    }

    /**
     * Sets the total below which a peer is evictable (default 0.0). {@link #build()} checks it
     * against the other thresholds and the reachable range.
     *
     * @param total a finite total
     * @return this builder
     * @throws IllegalArgumentException if {@code total} is NaN or infinite
     */
    public Builder evictThreshold(double total) {
      this.evictThreshold = Check.finite(total, "evictThreshold");
      return this;
    }

    /**
     * Sets the total below which a peer is avoided (default 0.3). {@link #build()} checks it
     * against the other thresholds.
     *
     * @param total a finite total
     * @return this builder
     * @throws IllegalArgumentException if {@code total} is NaN or infinite
     */
    public Builder avoidThreshold(double total) {
      this.avoidThreshold = Check.finite(total, "avoidThreshold");
      return this;
    }

    /**
     * Sets the total at or above which a peer is preferred (default 0.75). {@link #build()} checks
     * it against the other thresholds and the reachable range.
     *
     * @param total a finite total
     * @return this builder
     * @throws IllegalArgumentException if {@code total} is NaN or infinite
     */
    public Builder preferThreshold(double total) {
      this.preferThreshold = Check.finite(total, "preferThreshold");
      return this;
    }

    /**
     * Sets how long the score of a peer that is not connected is kept after its last recorded event
     * (default 24 h).
     *
     * @param retention a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code retention} is zero or negative
     * @throws NullPointerException if {@code retention} is {@code null}
     */
    public Builder retention(Duration retention) {
      this.retention = Check.positive(retention, "retention");
      return this;
    }

    /**
     * Sets the most peers the manager's score board tracks at once (default 100,000).
     *
     * @param maxEntries a bound {@code >= 1}
     * @return this builder
     * @throws IllegalArgumentException if {@code maxEntries < 1}
     */
    public Builder maxEntries(int maxEntries) {
      this.maxEntries = Check.atLeast(maxEntries, "maxEntries", 1);
      return this;
    }

    /**
     * Checks the rules that involve several settings and builds the policy: {@code
     * reliabilityWeight + performanceWeight} is positive and finite, {@code behaviourWeight /
     * (reliabilityWeight + performanceWeight)} is finite, and {@code minTotal() <= evictThreshold
     * <= avoidThreshold < preferThreshold <= 1}.
     *
     * @return a new immutable policy
     * @throws IllegalArgumentException naming the settings and values that break a rule
     */
    public ScoringPolicy build() {
      return new ScoringPolicy(new Settings(reliabilityWeight, performanceWeight, behaviourWeight,
          priorSuccesses, priorFailures, reliabilityHalfLife, latencyHalfLife, throughputHalfLife,
          referenceLatency, referenceThroughput, latencyShare, misbehaviourHalfLife,
          behaviourPointsScale, evictThreshold, avoidThreshold, preferThreshold, retention,
          maxEntries));
    }
  }
}
