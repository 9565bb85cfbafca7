package dev.peerage.core.internal.ban;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.BanListFullException;
import dev.peerage.core.ban.BanPolicy;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.internal.ClockTicker;
import dev.peerage.core.internal.HalfLifeDecay;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the faults of remote peers and bans a peer whose points reach a threshold, with the
 * evidence attached.
 *
 * <h2>Points</h2>
 *
 * <p>Each {@link #report} adds a weight (by default the kind's {@link
 * MisbehaviourKind#defaultWeight()}) to the points of the peer's IP address. Points decay
 * exponentially: they halve every {@link Builder#decayHalfLife(Duration) half-life} (default one
 * hour), computed from the time of the last report whenever they are read, so an honest peer's
 * occasional fault fades while a burst adds up. With the defaults, faults of weight 20 ban a peer
 * after five or six in a short time (five at the same instant make exactly 100; any time between
 * them lets a little decay), and eventually ban a peer that keeps committing one more often than
 * about every 19 minutes. Bitcoin Core never decayed its scores but dropped them with the
 * connection; decaying by half-life, as libp2p's gossipsub decays its scores, lets the record
 * outlive reconnections without punishing a peer forever.
 *
 * <p>Points are kept per IP address, whatever the port: a peer cannot shed its record by
 * reconnecting from another source port, nor with a freshly made node id.
 *
 * <h2>Bans</h2>
 *
 * <p>When a report brings a peer's points to the {@link Builder#threshold(double) threshold}
 * (default 100) or above, the tracker bans the address (its {@code /32} or {@code /128}) for
 * {@link Builder#banDuration(Duration) banDuration} (default: the ban list's default, 24 hours),
 * with the most recent reports as evidence, and also bans the node id when the report named one.
 * The peer's points and evidence are then cleared: the ban has used them up, and a peer that
 * comes back after its ban starts from zero. While the address or node id is banned, further
 * reports are ignored, so a burst of reports arriving before the host drops the connection
 * cannot ban twice or lengthen the ban.
 *
 * <p>If the ban list is full of bans that all last longer (see {@link BanList}), the address is
 * discouraged instead, a warning is logged and no ban is returned.
 *
 * <h2>Bounds</h2>
 *
 * <p>Evidence text is cut to {@value #MAX_EVIDENCE_TEXT} characters with line breaks and other
 * control characters replaced by spaces, and each line is prefixed with the time, kind and weight.
 * A peer keeps its newest {@link Builder#maxEvidence(int) maxEvidence} lines (default 10). At most
 * {@link Builder#maxTracked(int) maxTracked} peers are tracked (default 10,000, a worst case of
 * roughly 30 MB with full evidence); beyond that Caffeine's size eviction forgets some, so an
 * attacker with very many addresses can make the tracker forget a peer, at the price of needing
 * that many addresses. A peer with no report for ten half-lives is forgotten too: its points are
 * then below a thousandth of what they were.
 *
 * <p>Thread-safe: reports about one peer are applied one at a time, reports about different peers
 * in parallel. All times come from the injected clock (default: the ban list's), including the
 * cache's, so it runs on virtual time in tests. No background threads.
 */
public final class MisbehaviourTracker {

  /** Bitcoin Core's {@code -banscore} default: the score at which a peer was banned. */
  public static final double DEFAULT_THRESHOLD = 100;

  /**
   * One hour: long enough that a burst of faults adds up to a ban, short enough that an honest
   * peer's stray fault is forgotten within a day (to under a thousandth in ten hours).
   */
  public static final Duration DEFAULT_DECAY_HALF_LIFE = Duration.ofHours(1);

  /** Enough lines to see what a peer did before it was banned. */
  public static final int DEFAULT_MAX_EVIDENCE = 10;

  /** Far more peers than a node talks to in a day, small enough to bound memory. */
  public static final int DEFAULT_MAX_TRACKED = 10_000;

  /** Longest evidence text kept from one report, in characters. */
  public static final int MAX_EVIDENCE_TEXT = 200;

  /** A peer is forgotten after this many half-lives without a report. */
  private static final int RETENTION_HALF_LIVES = 10;

  private static final Logger log = LoggerFactory.getLogger(MisbehaviourTracker.class);

  private final BanList banList;
  private final InstantSource clock;
  private final double threshold;
  private final Duration banDuration;
  private final long halfLifeNanos;
  private final int maxEvidence;
  private final Cache<Subnet, Score> scores;

  /** A peer's points as of {@code at}, and its newest evidence lines, oldest first. */
  private record Score(double points, Instant at, List<String> evidence) {}

  /** What a report that reached the threshold leaves behind for the ban. */
  private record Crossing(double points, List<String> evidence) {}

  private MisbehaviourTracker(Builder builder) {
    this.banList = builder.banList;
    this.clock = builder.clock != null ? builder.clock : banList.clock();
    this.threshold = builder.threshold;
    this.banDuration =
        builder.banDuration != null ? builder.banDuration : banList.policy().defaultBanDuration();
    this.halfLifeNanos = builder.decayHalfLife.toNanos();
    this.maxEvidence = builder.maxEvidence;
    Duration retention = builder.decayHalfLife.multipliedBy(RETENTION_HALF_LIVES);
    if (retention.compareTo(BanPolicy.MAX_DURATION) > 0) {
      retention = BanPolicy.MAX_DURATION;
    }
    this.scores = Caffeine.newBuilder()
        .maximumSize(builder.maxTracked)
        .expireAfterWrite(retention)
        .ticker(new ClockTicker(clock))
        .executor(Runnable::run)
        .build();
  }

  /**
   * Returns a builder; {@link Builder#banList(BanList)} must be set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reports a fault with the kind's default weight.
   *
   * @param peer the IP address the fault came from; the port is ignored
   * @param kind what the peer did
   * @param evidence what exactly, for people; cut to {@value #MAX_EVIDENCE_TEXT} characters
   * @return the ban, if this report reached the threshold; otherwise empty
   * @throws NullPointerException if an argument is {@code null}
   * @throws InvalidPeerAddressException if {@code peer} is a host name
   */
  public Optional<BanEntry> report(PeerAddress peer, MisbehaviourKind kind, String evidence) {
    Objects.requireNonNull(kind, "kind");
    return record(null, peer, kind, kind.defaultWeight(), evidence);
  }

  /**
   * Reports a fault with an explicit weight.
   *
   * @param peer the IP address the fault came from; the port is ignored
   * @param kind what the peer did
   * @param weight the points to add; positive and finite
   * @param evidence what exactly, for people; cut to {@value #MAX_EVIDENCE_TEXT} characters
   * @return the address ban, if this report reached the threshold; otherwise empty
   * @throws NullPointerException if an argument is {@code null}
   * @throws InvalidPeerAddressException if {@code peer} is a host name
   * @throws IllegalArgumentException if {@code weight} is not positive and finite
   */
  public Optional<BanEntry> report(
      PeerAddress peer, MisbehaviourKind kind, double weight, String evidence) {
    return record(null, peer, kind, weight, evidence);
  }

  /**
   * Reports a fault of a peer whose node id is known. Points are counted on the address; a ban
   * covers both the address and the node id, and a report is ignored while either is banned.
   *
   * @param node the node id the peer proved
   * @param peer the IP address the fault came from; the port is ignored
   * @param kind what the peer did
   * @param weight the points to add; positive and finite
   * @param evidence what exactly, for people; cut to {@value #MAX_EVIDENCE_TEXT} characters
   * @return the address ban (or the node-id ban, if only that could be stored), if this report
   *     reached the threshold; otherwise empty
   * @throws NullPointerException if an argument is {@code null}
   * @throws InvalidPeerAddressException if {@code peer} is a host name
   * @throws IllegalArgumentException if {@code weight} is not positive and finite
   */
  public Optional<BanEntry> report(
      NodeId node, PeerAddress peer, MisbehaviourKind kind, double weight, String evidence) {
    Objects.requireNonNull(node, "node");
    return record(node, peer, kind, weight, evidence);
  }

  /**
   * Returns the peer's current points, decayed to now. Zero for peers never reported, forgotten,
   * just banned, and for host names.
   *
   * @param peer the address; the port is ignored
   * @return the points, not negative
   * @throws NullPointerException if {@code peer} is {@code null}
   */
  public double points(PeerAddress peer) {
    Objects.requireNonNull(peer, "peer");
    Score score = peer.isIp() ? scores.getIfPresent(Subnet.single(peer)) : null;
    return score == null ? 0 : decayed(score, clock.instant());
  }

  /**
   * Returns the evidence lines kept for a peer that has points, oldest first. Each line is the
   * report's time, kind, weight and evidence text.
   *
   * @param peer the address; the port is ignored
   * @return an unmodifiable list of at most {@link Builder#maxEvidence(int) maxEvidence} lines;
   *     empty if the peer has no record
   * @throws NullPointerException if {@code peer} is {@code null}
   */
  public List<String> evidence(PeerAddress peer) {
    Objects.requireNonNull(peer, "peer");
    Score score = peer.isIp() ? scores.getIfPresent(Subnet.single(peer)) : null;
    return score == null ? List.of() : score.evidence();
  }

  /**
   * Forgets a peer's points and evidence. Does not lift a ban.
   *
   * @param peer the address; the port is ignored
   * @throws NullPointerException if {@code peer} is {@code null}
   */
  public void forget(PeerAddress peer) {
    Objects.requireNonNull(peer, "peer");
    if (peer.isIp()) {
      scores.invalidate(Subnet.single(peer));
    }
  }

  /**
   * Returns how many peers have a record, after dropping those not reported for ten half-lives.
   *
   * @return 0 to {@link Builder#maxTracked(int) maxTracked}
   */
  public int trackedCount() {
    scores.cleanUp();
    return (int) Math.min(Integer.MAX_VALUE, scores.estimatedSize());
  }

  private Optional<BanEntry> record(
      NodeId node, PeerAddress peer, MisbehaviourKind kind, double weight, String evidence) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(evidence, "evidence");
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be positive and finite, was " + weight);
    }
    if (!peer.isIp()) {
      throw new InvalidPeerAddressException("host name " + peer.host()
          + " cannot be scored; report the IP address the fault came from");
    }
    if (banList.isBanned(peer) || (node != null && banList.isBanned(node))) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    String line = now + " " + kind + " +" + number(weight) + ": " + clean(evidence);
    Crossing[] crossing = new Crossing[1];
    scores.asMap().compute(Subnet.single(peer), (address, old) -> {
      double points = old == null ? weight : decayed(old, now) + weight;
      List<String> lines = append(old == null ? List.of() : old.evidence(), line);
      if (points >= threshold) {
        crossing[0] = new Crossing(points, lines);
        return null;
      }
      return new Score(points, now, lines);
    });
    if (crossing[0] == null) {
      return Optional.empty();
    }
    return ban(node, peer, kind, now, crossing[0]);
  }

  private Optional<BanEntry> ban(
      NodeId node, PeerAddress peer, MisbehaviourKind kind, Instant now, Crossing crossing) {
    String reason = "misbehaviour: " + number(crossing.points()) + " points reached the threshold"
        + " of " + number(threshold) + "; last fault " + kind;
    Optional<Instant> until = Optional.of(now.plus(banDuration));
    BanEntry addressBan = null;
    try {
      addressBan = banList.ban(Subnet.single(peer), until, reason, crossing.evidence());
      log.info("Banned {} until {}: {}", addressBan.target(), until.get(), reason);
    } catch (BanListFullException e) {
      banList.discourage(peer, reason);
      log.warn("Could not ban misbehaving {}, discouraged it instead: {}", peer, e.getMessage());
    }
    BanEntry nodeBan = null;
    if (node != null) {
      try {
        nodeBan = banList.ban(node, until, reason, crossing.evidence());
        log.info("Banned {} until {}: {}", nodeBan.target(), until.get(), reason);
      } catch (BanListFullException e) {
        log.warn("Could not ban misbehaving node {}: {}", node, e.getMessage());
      }
    }
    return Optional.ofNullable(addressBan != null ? addressBan : nodeBan);
  }

  private double decayed(Score score, Instant now) {
    return HalfLifeDecay.decay(
        score.points(), ClockTicker.nanosBetween(score.at(), now), halfLifeNanos);
  }

  private List<String> append(List<String> lines, String line) {
    int keep = Math.min(lines.size(), maxEvidence - 1);
    List<String> result = new ArrayList<>(keep + 1);
    result.addAll(lines.subList(lines.size() - keep, lines.size()));
    result.add(line);
    return List.copyOf(result);
  }

  /** Cuts the text and turns control characters into spaces, so each line is one log line. */
  private static String clean(String text) {
    boolean cut = text.length() > MAX_EVIDENCE_TEXT;
    int length = cut ? MAX_EVIDENCE_TEXT : text.length();
    if (cut && Character.isHighSurrogate(text.charAt(length - 1))) {
      length--;
    }
    StringBuilder out = new StringBuilder(length + 3);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return cut ? out.append("...").toString() : out.toString();
  }

  /** Whole numbers without a fraction ({@code 20}, not {@code 20.0}); others as Java writes them. */
  private static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /**
   * Collects the settings of a {@link MisbehaviourTracker}; each setter checks its value at once
   * and names it in the message. Not thread-safe: build on one thread.
   */
  public static final class Builder {
    private BanList banList;
    private InstantSource clock;
    private double threshold = DEFAULT_THRESHOLD;
    private Duration banDuration;
    private Duration decayHalfLife = DEFAULT_DECAY_HALF_LIFE;
    private int maxEvidence = DEFAULT_MAX_EVIDENCE;
    private int maxTracked = DEFAULT_MAX_TRACKED;

    private Builder() {}

    /**
     * Sets the ban list that bans go to. Required.
     *
     * @param banList the ban list
     * @return this builder
     * @throws NullPointerException if {@code banList} is {@code null}
     */
    public Builder banList(BanList banList) {
      this.banList = Objects.requireNonNull(banList, "banList");
      return this;
    }

    /**
     * Sets the clock for decay and ban times. Default: the ban list's clock, which is what it
     * should almost always be, since the ban list checks ban ends against its own clock.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is {@code null}
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the points at which a peer is banned. Default {@value #DEFAULT_THRESHOLD}.
     *
     * @param threshold positive and finite
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is not positive and finite
     */
    public Builder threshold(double threshold) {
      if (!(threshold > 0) || Double.isInfinite(threshold)) {
        throw new IllegalArgumentException(
            "threshold must be positive and finite, was " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    /**
     * Sets how long a misbehaving peer is banned. Default: the ban list's {@link
     * BanPolicy#defaultBanDuration()} (24 hours unless changed).
     *
     * @param banDuration positive, at most {@link BanPolicy#MAX_DURATION}
     * @return this builder
     * @throws NullPointerException if {@code banDuration} is {@code null}
     * @throws IllegalArgumentException if {@code banDuration} is out of range
     */
    public Builder banDuration(Duration banDuration) {
      this.banDuration = checkDuration(banDuration, "banDuration");
      return this;
    }

    /**
     * Sets the time in which points halve. Default one hour. For points that never decay, as in
     * Bitcoin Core, give a very long half-life.
     *
     * @param halfLife positive, at most {@link BanPolicy#MAX_DURATION}
     * @return this builder
     * @throws NullPointerException if {@code halfLife} is {@code null}
     * @throws IllegalArgumentException if {@code halfLife} is out of range
     */
    public Builder decayHalfLife(Duration halfLife) {
      this.decayHalfLife = checkDuration(halfLife, "decayHalfLife");
      return this;
    }

    /**
     * Sets how many evidence lines are kept per peer and attached to its ban. Default {@value
     * #DEFAULT_MAX_EVIDENCE}.
     *
     * @param maxEvidence 1 to {@value BanEntry#MAX_EVIDENCE}
     * @return this builder
     * @throws IllegalArgumentException if {@code maxEvidence} is out of range
     */
    public Builder maxEvidence(int maxEvidence) {
      if (maxEvidence < 1 || maxEvidence > BanEntry.MAX_EVIDENCE) {
        throw new IllegalArgumentException("maxEvidence must be between 1 and "
            + BanEntry.MAX_EVIDENCE + ", was " + maxEvidence);
      }
      this.maxEvidence = maxEvidence;
      return this;
    }

    /**
     * Sets how many peers are tracked at most. Default {@value #DEFAULT_MAX_TRACKED}.
     *
     * @param maxTracked 1 to {@link BanPolicy#MAX_ENTRIES}
     * @return this builder
     * @throws IllegalArgumentException if {@code maxTracked} is out of range
     */
    public Builder maxTracked(int maxTracked) {
      if (maxTracked < 1 || maxTracked > BanPolicy.MAX_ENTRIES) {
        throw new IllegalArgumentException("maxTracked must be between 1 and "
            + BanPolicy.MAX_ENTRIES + ", was " + maxTracked);
      }
      this.maxTracked = maxTracked;
      return this;
    }

    /**
     * Returns the tracker.
     *
     * @return a new tracker with no records
     * @throws IllegalStateException if no ban list was set
     */
    public MisbehaviourTracker build() {
      if (banList == null) {
        throw new IllegalStateException("banList is required; call banList(...) before build()");
      }
      return new MisbehaviourTracker(this);
    }

    private static Duration checkDuration(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + duration);
      }
      if (duration.compareTo(BanPolicy.MAX_DURATION) > 0) {
        throw new IllegalArgumentException(
            name + " must be at most " + BanPolicy.MAX_DURATION + ", was " + duration);
      }
      return duration;
    }
  }
}
