package dev.peerage.core.internal.ban;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.BanListFullException;
import dev.peerage.core.ban.BanListSnapshot;
import dev.peerage.core.ban.BanPolicy;
import dev.peerage.core.ban.BanRecord.Action;
import dev.peerage.core.ban.BanRecord;
import dev.peerage.core.ban.BanTarget.NodeTarget;
import dev.peerage.core.ban.BanTarget.SubnetTarget;
import dev.peerage.core.ban.BanTarget;
import dev.peerage.core.internal.ClockTicker;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peers a node refuses: bans of IP subnets and of node ids, with an end time or forever, a
 * reason and evidence; a bounded history of what was banned and lifted; and a separate, softer
 * set of <em>discouraged</em> addresses.
 *
 * <h2>Bans</h2>
 *
 * <p>A ban targets a {@link Subnet} (IPv4 or IPv6, any prefix length; a single address is a
 * {@code /32} or {@code /128}) or a {@link NodeId}. An address is banned when an active ban's
 * subnet contains it; {@link #banOf(PeerAddress)} reports the most specific such ban (longest
 * prefix). Host names are never banned: a name is not an address until it is resolved, so ban
 * the address it resolves to. The port never matters.
 *
 * <p>At most one ban per target is kept. Banning a target that is already banned keeps whichever
 * ban ends later (a permanent ban ends latest), like Bitcoin Core's {@code BanMan::Ban}: an
 * automatic 24-hour ban never shortens a manual permanent one. To shorten a ban, unban first.
 *
 * <p>A ban stops being active at its {@link BanEntry#until() until} time and is ignored from then
 * on. It is then moved into the history by {@link #sweepExpired()}, which a host or peer manager
 * calls from its maintenance tick, and by every ban, unban and snapshot, which sweep first. No
 * background thread is involved.
 *
 * <h2>Bounds</h2>
 *
 * <p>The list holds at most {@link BanPolicy#maxBans()} bans. When it is full (after sweeping),
 * a new ban pushes out the ban that ends soonest, recorded as {@link Action#EVICTED}, but only if
 * that ban ends no later than the new one; otherwise the new ban is refused with a
 * {@link BanListFullException}. So a permanent ban is never pushed out, a ban the host made by
 * hand is never silently dropped, and a flood of short automatic bans cannot displace longer
 * ones. The history keeps the newest {@link BanPolicy#historySize()} records.
 *
 * <h2>Discouraged addresses</h2>
 *
 * <p>{@link #discourage} marks an IP address as unwelcome without banning it, Bitcoin Core's
 * softer response to misbehaviour: a node should not dial or share a discouraged address and
 * should evict it first when inbound slots run out, but may still accept it when it has room.
 * Discouragement lasts {@link BanPolicy#discourageDuration()} from the last time the address was
 * discouraged. The set holds up to {@link BanPolicy#maxDiscouraged()} addresses in a Caffeine
 * cache; beyond that Caffeine's size-based eviction picks which address to forget, and it may
 * forget a newly discouraged address rather than an older one that is looked up often. That is
 * acceptable for a soft, best-effort measure; use a ban when it must hold.
 *
 * <p>The discouraged set is not part of {@link #snapshot()}: Bitcoin Core keeps it in memory only
 * too, it is short-lived by design, and persisting tens of thousands of addresses that remote
 * peers caused us to record would let them grow the node's files.
 *
 * <h2>Speed, time and threads</h2>
 *
 * <p>{@link #isBanned(PeerAddress)} makes one hash lookup per prefix length in use among the bans
 * of the address's family (a handful in practice, at most 33 or 129), whatever the number of
 * bans, takes no lock and reads the clock only when a ban matches. {@link #isBanned(NodeId)} is
 * one hash lookup.
 *
 * <p>All times come from the {@link InstantSource} given to the builder; the discouraged cache's
 * ticker reads it too, so on a virtual clock everything expires on virtual time.
 *
 * <p>Thread-safe. {@code isBanned}, {@code banOf}, {@code isDiscouraged} and {@code discourage}
 * never take a lock. Changes, {@link #bans()}, {@link #history()} and {@link #snapshot()} are
 * serialised by one internal lock; the only outside code run while it is held is the clock and
 * the logger.
 */
public final class BanList {

  private static final Logger log = LoggerFactory.getLogger(BanList.class);

  /** Timed bans, soonest end first; ties (rare) broken by target so each ban has one place. */
  private static final Comparator<BanEntry> BY_END =
      Comparator.<BanEntry, Instant>comparing(entry -> entry.until().orElseThrow())
          .thenComparing(BanEntry::target);

  private final InstantSource clock;
  private final BanPolicy policy;
  private final Object lock = new Object();
  private final SubnetBanIndex subnets = new SubnetBanIndex();
  private final Map<NodeId, BanEntry> nodes = new ConcurrentHashMap<>();
  /** The bans that end, ordered by end; guarded by {@link #lock}. */
  private final TreeSet<BanEntry> timed = new TreeSet<>(BY_END);
  /** Oldest first, at most {@link BanPolicy#historySize()}; guarded by {@link #lock}. */
  private final ArrayDeque<BanRecord> history = new ArrayDeque<>();
  /** Bans swept since {@link #takeExpired()} last ran, by any sweep; at most maxBans, oldest dropped. */
  private final ArrayDeque<BanEntry> expiredNotTaken = new ArrayDeque<>();
  /** Discouraged addresses as single-address subnets, each with its reason. */
  private final Cache<Subnet, String> discouraged;

  private BanList(Builder builder) {
    this.clock = builder.clock;
    this.policy = builder.policy;
    this.discouraged = Caffeine.newBuilder()
        .maximumSize(policy.maxDiscouraged())
        .expireAfterWrite(policy.discourageDuration())
        .ticker(new ClockTicker(clock))
        .executor(Runnable::run)
        .build();
  }

  /**
   * Returns a builder with the system clock and {@link BanPolicy#defaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the policy this list was built with.
   *
   * @return the policy
   */
  public BanPolicy policy() {
    return policy;
  }

  /** The clock, for a {@link MisbehaviourTracker} built on this list. */
  InstantSource clock() {
    return clock;
  }

  /**
   * Bans every address in {@code subnet} until {@code until}, or forever if {@code until} is
   * empty. If the subnet is already banned, the ban that ends later is kept and returned (see
   * the class comment).
   *
   * @param subnet the addresses to ban
   * @param until when the ban ends (exclusive), after now; empty for a permanent ban
   * @param reason why, for people; at most {@value BanEntry#MAX_REASON_LENGTH} characters
   * @param evidence what the peer did, oldest first; at most {@value BanEntry#MAX_EVIDENCE} items
   *     of at most {@value BanEntry#MAX_EVIDENCE_LENGTH} characters
   * @return the ban now stored for the subnet: the new one, or the existing one if it ends later
   * @throws NullPointerException if an argument or evidence item is {@code null}
   * @throws IllegalArgumentException if {@code until} is not after now, or the reason or evidence
   *     is too long
   * @throws BanListFullException if the list is full and no ban may be pushed out
   */
  public BanEntry ban(
      Subnet subnet, Optional<Instant> until, String reason, List<String> evidence) {
    Objects.requireNonNull(subnet, "subnet");
    return store(BanTarget.of(subnet), until, reason, evidence);
  }

  /**
   * Bans the node with identity {@code nodeId}, from whatever address it connects, until
   * {@code until}, or forever if {@code until} is empty. If the node is already banned, the ban
   * that ends later is kept and returned.
   *
   * @param nodeId the node to ban
   * @param until when the ban ends (exclusive), after now; empty for a permanent ban
   * @param reason why, for people; at most {@value BanEntry#MAX_REASON_LENGTH} characters
   * @param evidence what the peer did, oldest first; bounded as in {@link BanEntry}
   * @return the ban now stored for the node: the new one, or the existing one if it ends later
   * @throws NullPointerException if an argument or evidence item is {@code null}
   * @throws IllegalArgumentException if {@code until} is not after now, or the reason or evidence
   *     is too long
   * @throws BanListFullException if the list is full and no ban may be pushed out
   */
  public BanEntry ban(
      NodeId nodeId, Optional<Instant> until, String reason, List<String> evidence) {
    Objects.requireNonNull(nodeId, "nodeId");
    return store(BanTarget.of(nodeId), until, reason, evidence);
  }

  /**
   * Bans one IP address (its {@code /32} or {@code /128} subnet, any port) for {@code duration}
   * from now, without evidence.
   *
   * @param address the IP address to ban; the port is ignored
   * @param duration how long, positive
   * @param reason why, for people; at most {@value BanEntry#MAX_REASON_LENGTH} characters
   * @return the ban now stored for the address: the new one, or the existing one if it ends later
   * @throws NullPointerException if an argument is {@code null}
   * @throws InvalidPeerAddressException if {@code address} is a host name
   * @throws IllegalArgumentException if {@code duration} is not positive or so long that the end
   *     is not a representable instant, or the reason is too long
   * @throws BanListFullException if the list is full and no ban may be pushed out
   */
  public BanEntry ban(PeerAddress address, Duration duration, String reason) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, was " + duration);
    }
    Subnet subnet = singleAddress(address, "banned");
    Instant until;
    try {
      until = clock.instant().plus(duration);
    } catch (DateTimeException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "duration " + duration + " ends past the last representable instant; ban permanently"
              + " with ban(Subnet, Optional.empty(), ...) instead", e);
    }
    return store(BanTarget.of(subnet), Optional.of(until), reason, List.of());
  }

  /**
   * Bans one IP address for the policy's {@link BanPolicy#defaultBanDuration() default duration}.
   *
   * @param address the IP address to ban; the port is ignored
   * @param reason why, for people; at most {@value BanEntry#MAX_REASON_LENGTH} characters
   * @return the ban now stored for the address
   * @throws NullPointerException if an argument is {@code null}
   * @throws InvalidPeerAddressException if {@code address} is a host name
   * @throws IllegalArgumentException if the reason is too long
   * @throws BanListFullException if the list is full and no ban may be pushed out
   */
  public BanEntry ban(PeerAddress address, String reason) {
    return ban(address, policy.defaultBanDuration(), reason);
  }

  /**
   * Lifts the ban of exactly this subnet, if any. Bans of wider or narrower subnets are not
   * touched: unbanning {@code 1.2.3.4/32} does not lift a ban of {@code 1.2.0.0/16}.
   *
   * @param subnet the subnet whose ban to lift
   * @return whether an active ban was lifted
   * @throws NullPointerException if {@code subnet} is {@code null}
   */
  public boolean unban(Subnet subnet) {
    Objects.requireNonNull(subnet, "subnet");
    return lift(BanTarget.of(subnet));
  }

  /**
   * Lifts the ban of this node id, if any.
   *
   * @param nodeId the node whose ban to lift
   * @return whether an active ban was lifted
   * @throws NullPointerException if {@code nodeId} is {@code null}
   */
  public boolean unban(NodeId nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    return lift(BanTarget.of(nodeId));
  }

  /**
   * Returns whether an active ban's subnet contains {@code address}. Host names are never banned.
   * Lock-free; see the class comment for the cost.
   *
   * @param address the address; the port is ignored
   * @return whether the address is banned
   * @throws NullPointerException if {@code address} is {@code null}
   */
  public boolean isBanned(PeerAddress address) {
    Objects.requireNonNull(address, "address");
    return subnets.mostSpecificActive(address, clock) != null;
  }

  /**
   * Returns whether the node id has an active ban.
   *
   * @param nodeId the node id
   * @return whether the node is banned
   * @throws NullPointerException if {@code nodeId} is {@code null}
   */
  public boolean isBanned(NodeId nodeId) {
    return banOf(nodeId).isPresent();
  }

  /**
   * Returns the most specific active ban containing {@code address}: of the active bans whose
   * subnet contains it, the one with the longest prefix. Empty for host names.
   *
   * @param address the address; the port is ignored
   * @return the ban, or empty if the address is not banned
   * @throws NullPointerException if {@code address} is {@code null}
   */
  public Optional<BanEntry> banOf(PeerAddress address) {
    Objects.requireNonNull(address, "address");
    return Optional.ofNullable(subnets.mostSpecificActive(address, clock));
  }

  /**
   * Returns the active ban of {@code nodeId}.
   *
   * @param nodeId the node id
   * @return the ban, or empty if the node is not banned
   * @throws NullPointerException if {@code nodeId} is {@code null}
   */
  public Optional<BanEntry> banOf(NodeId nodeId) {
    Objects.requireNonNull(nodeId, "nodeId");
    BanEntry entry = nodes.get(nodeId);
    return entry != null && entry.isActive(clock.instant()) ? Optional.of(entry)
        : Optional.empty();
  }

  /**
   * Returns the active bans, subnet bans first, each kind in its natural order (see {@link
   * BanTarget}). A consistent snapshot; later changes do not show in it.
   *
   * @return an unmodifiable list
   */
  public List<BanEntry> bans() {
    synchronized (lock) {
      Instant now = clock.instant();
      List<BanEntry> active = new ArrayList<>(subnets.size() + nodes.size());
      for (BanEntry entry : subnets.entries()) {
        if (entry.isActive(now)) {
          active.add(entry);
        }
      }
      for (BanEntry entry : nodes.values()) {
        if (entry.isActive(now)) {
          active.add(entry);
        }
      }
      active.sort(Comparator.comparing(BanEntry::target));
      return Collections.unmodifiableList(active);
    }
  }

  /**
   * Returns the number of bans stored, subnet and node-id bans together, including bans that have
   * ended but were not yet swept.
   *
   * @return 0 to {@link BanPolicy#maxBans()}
   */
  public int size() {
    return subnets.size() + nodes.size();
  }

  /**
   * Moves every ban that has ended into the history as {@link Action#EXPIRED}. Costs time in
   * proportion to the number of expired bans (times a logarithm), not to the size of the list.
   *
   * @return how many bans were swept
   */
  public int sweepExpired() {
    synchronized (lock) {
      return sweepLocked(clock.instant());
    }
  }

  /**
   * Returns the bans that expired and were swept, by {@link #sweepExpired()} or by any other call that
   * sweeps on the way (a snapshot, a new ban), since this method last ran, and forgets them. A peer
   * manager calls it after each sweep to announce each expiry exactly once. Holds at most {@link
   * BanPolicy#maxBans()} bans between calls; older ones are dropped (they are still in the history).
   *
   * @return the expired bans, in the order they were swept
   */
  public List<BanEntry> takeExpired() {
    synchronized (lock) {
      List<BanEntry> taken = List.copyOf(expiredNotTaken);
      expiredNotTaken.clear();
      return taken;
    }
  }

  /**
   * Returns the history: bans made, lifted, expired and pushed out, oldest first, at most {@link
   * BanPolicy#historySize()} records (older ones are dropped).
   *
   * @return an unmodifiable copy
   */
  public List<BanRecord> history() {
    synchronized (lock) {
      return List.copyOf(history);
    }
  }

  /**
   * Discourages an IP address (any port) for {@link BanPolicy#discourageDuration()}; see the
   * class comment. Discouraging it again restarts the time and replaces the reason.
   *
   * @param address the IP address; the port is ignored
   * @param reason why, for people; at most {@value BanEntry#MAX_REASON_LENGTH} characters
   * @throws NullPointerException if an argument is {@code null}
   * @throws InvalidPeerAddressException if {@code address} is a host name
   * @throws IllegalArgumentException if the reason is too long
   */
  public void discourage(PeerAddress address, String reason) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(reason, "reason");
    Subnet key = singleAddress(address, "discouraged");
    if (reason.length() > BanEntry.MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("reason must be at most " + BanEntry.MAX_REASON_LENGTH
          + " characters, was " + reason.length());
    }
    discouraged.put(key, reason);
  }

  /**
   * Removes an address from the discouraged set.
   *
   * @param address the address; the port is ignored
   * @return whether it was discouraged
   * @throws NullPointerException if {@code address} is {@code null}
   */
  public boolean undiscourage(PeerAddress address) {
    Objects.requireNonNull(address, "address");
    return address.isIp() && discouraged.asMap().remove(Subnet.single(address)) != null;
  }

  /**
   * Returns whether the address is discouraged. Host names never are.
   *
   * @param address the address; the port is ignored
   * @return whether it is discouraged
   * @throws NullPointerException if {@code address} is {@code null}
   */
  public boolean isDiscouraged(PeerAddress address) {
    return discouragementReason(address).isPresent();
  }

  /**
   * Returns the reason given when the address was last discouraged, while it still is.
   *
   * @param address the address; the port is ignored
   * @return the reason, or empty if the address is not discouraged
   * @throws NullPointerException if {@code address} is {@code null}
   */
  public Optional<String> discouragementReason(PeerAddress address) {
    Objects.requireNonNull(address, "address");
    if (!address.isIp()) {
      return Optional.empty();
    }
    return Optional.ofNullable(discouraged.getIfPresent(Subnet.single(address)));
  }

  /**
   * Returns whether the address is banned or discouraged: whether a node should neither dial nor
   * share it.
   *
   * @param address the address; the port is ignored
   * @return {@code isBanned(address) || isDiscouraged(address)}
   * @throws NullPointerException if {@code address} is {@code null}
   */
  public boolean isBannedOrDiscouraged(PeerAddress address) {
    return isBanned(address) || isDiscouraged(address);
  }

  /**
   * Returns the number of discouraged addresses, after dropping those whose time is up.
   *
   * @return 0 to {@link BanPolicy#maxDiscouraged()}
   */
  public int discouragedCount() {
    discouraged.cleanUp();
    return (int) Math.min(Integer.MAX_VALUE, discouraged.estimatedSize());
  }

  /**
   * Returns the active bans and the history, for persisting. Sweeps expired bans first so the
   * history says they expired. The discouraged set is not included (see the class comment).
   *
   * @return the snapshot
   */
  public BanListSnapshot snapshot() {
    synchronized (lock) {
      sweepLocked(clock.instant());
      List<BanEntry> bans = new ArrayList<>(subnets.entries());
      bans.addAll(nodes.values());
      return new BanListSnapshot(bans, List.copyOf(history));
    }
  }

  /**
   * Replaces every ban and the history with those of {@code snapshot}; the discouraged set is
   * left alone. Meant for startup, before the list is in use: a lookup running meanwhile may see a
   * mix of the old and new bans.
   *
   * <p>The snapshot is not trusted. Bans that have ended by now go straight into the history as
   * {@link Action#EXPIRED}; of two bans of the same target the one ending later is kept; if more
   * than {@link BanPolicy#maxBans()} remain, the ones ending soonest are pushed out as {@link
   * Action#EVICTED}; the history keeps only its newest {@link BanPolicy#historySize()} records.
   *
   * @param snapshot the state to restore
   * @throws NullPointerException if {@code snapshot} is {@code null}
   * @throws BanListFullException if the snapshot holds more than {@link BanPolicy#maxBans()}
   *     permanent bans; nothing is changed then
   */
  public void restore(BanListSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    Instant now = clock.instant();
    // Work out the new state first, so a refused snapshot changes nothing.
    List<BanRecord> added = new ArrayList<>();
    Map<BanTarget, BanEntry> kept = new HashMap<>();
    for (BanEntry entry : snapshot.bans()) {
      if (!entry.isActive(now)) {
        added.add(new BanRecord(Action.EXPIRED, entry, now));
      } else {
        kept.merge(entry.target(), entry, (a, b) -> endsLater(b, a) ? b : a);
      }
    }
    if (kept.size() > policy.maxBans()) {
      List<BanEntry> byEnd = new ArrayList<>();
      for (BanEntry entry : kept.values()) {
        if (!entry.isPermanent()) {
          byEnd.add(entry);
        }
      }
      int permanent = kept.size() - byEnd.size();
      if (permanent > policy.maxBans()) {
        throw new BanListFullException("cannot restore " + permanent + " permanent bans: at most "
            + policy.maxBans() + " bans are allowed; raise BanPolicy.maxBans", policy.maxBans());
      }
      byEnd.sort(BY_END);
      for (BanEntry entry : byEnd.subList(0, kept.size() - policy.maxBans())) {
        kept.remove(entry.target());
        added.add(new BanRecord(Action.EVICTED, entry, now));
      }
    }
    synchronized (lock) {
      subnets.clear();
      nodes.clear();
      timed.clear();
      history.clear();
      for (BanEntry entry : kept.values()) {
        putLocked(entry);
      }
      for (BanRecord record : snapshot.history()) {
        recordLocked(record);
      }
      for (BanRecord record : added) {
        recordLocked(record);
      }
    }
  }

  /**
   * Checks that the internal structures agree with each other and with the policy's bounds. For
   * tests; costs time in proportion to the number of bans.
   *
   * @throws IllegalStateException if they disagree
   */
  void checkConsistency() {
    synchronized (lock) {
      subnets.checkConsistency();
      int timedCount = 0;
      for (BanEntry entry : subnets.entries()) {
        timedCount += checkTimed(entry);
      }
      for (Map.Entry<NodeId, BanEntry> e : nodes.entrySet()) {
        if (!e.getValue().target().equals(BanTarget.of(e.getKey()))) {
          throw new IllegalStateException("ban " + e.getValue() + " stored under " + e.getKey());
        }
        timedCount += checkTimed(e.getValue());
      }
      if (timedCount != timed.size()) {
        throw new IllegalStateException(
            timed.size() + " bans ordered by end, but " + timedCount + " timed bans stored");
      }
      if (size() > policy.maxBans()) {
        throw new IllegalStateException(size() + " bans exceed maxBans " + policy.maxBans());
      }
      if (history.size() > policy.historySize()) {
        throw new IllegalStateException(
            history.size() + " history records exceed historySize " + policy.historySize());
      }
    }
  }

  private int checkTimed(BanEntry entry) {
    if (entry.isPermanent()) {
      return 0;
    }
    if (!timed.contains(entry) || timed.ceiling(entry) != entry) {
      throw new IllegalStateException("timed ban " + entry + " is missing from the end order");
    }
    return 1;
  }

  private static Subnet singleAddress(PeerAddress address, String what) {
    if (!address.isIp()) {
      throw new InvalidPeerAddressException("host name " + address.host() + " cannot be " + what
          + "; resolve it and use the IP address");
    }
    return Subnet.single(address);
  }

  private BanEntry store(
      BanTarget target, Optional<Instant> until, String reason, List<String> evidence) {
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(evidence, "evidence");
    synchronized (lock) {
      Instant now = clock.instant();
      if (until.isPresent() && !until.get().isAfter(now)) {
        throw new IllegalArgumentException(
            "until must be after now (" + now + "), was " + until.get());
      }
      BanEntry entry = new BanEntry(target, now, until, reason, evidence);
      sweepLocked(now);
      BanEntry existing = lookupLocked(target);
      if (existing != null) {
        if (!endsLater(entry, existing)) {
          return existing;
        }
      } else if (size() >= policy.maxBans()) {
        makeRoomLocked(entry, now);
      }
      putLocked(entry);
      recordLocked(new BanRecord(Action.BANNED, entry, now));
      return entry;
    }
  }

  private boolean lift(BanTarget target) {
    synchronized (lock) {
      Instant now = clock.instant();
      sweepLocked(now);
      BanEntry entry = lookupLocked(target);
      if (entry == null) {
        return false;
      }
      removeLocked(entry);
      recordLocked(new BanRecord(Action.UNBANNED, entry, now));
      return true;
    }
  }

  /** Whether {@code a} ends strictly later than {@code b}; permanent ends latest. */
  private static boolean endsLater(BanEntry a, BanEntry b) {
    if (a.isPermanent() || b.isPermanent()) {
      return a.isPermanent() && !b.isPermanent();
    }
    return a.until().orElseThrow().isAfter(b.until().orElseThrow());
  }

  private void makeRoomLocked(BanEntry entry, Instant now) {
    BanEntry soonest = timed.isEmpty() ? null : timed.first();
    if (soonest == null || endsLater(soonest, entry)) {
      String end = entry.until().map(Instant::toString).orElse("forever");
      throw new BanListFullException("cannot ban " + entry.target() + " until " + end
          + ": the ban list holds its maximum of " + policy.maxBans() + " bans and none ends"
          + " sooner; unban some or raise BanPolicy.maxBans", policy.maxBans());
    }
    removeLocked(soonest);
    recordLocked(new BanRecord(Action.EVICTED, soonest, now));
    log.warn("Ban list full ({} bans): evicted the ban of {} ending {} to ban {}",
        policy.maxBans(), soonest.target(), soonest.until().orElseThrow(), entry.target());
  }

  private int sweepLocked(Instant now) {
    int swept = 0;
    while (!timed.isEmpty() && !timed.first().isActive(now)) {
      BanEntry entry = timed.first();
      removeLocked(entry);
      recordLocked(new BanRecord(Action.EXPIRED, entry, now));
      expiredNotTaken.addLast(entry);
      if (expiredNotTaken.size() > policy.maxBans()) {
        expiredNotTaken.removeFirst();
      }
      swept++;
    }
    return swept;
  }

  private BanEntry lookupLocked(BanTarget target) {
    if (target instanceof SubnetTarget s) {
      return subnets.get(s.subnet());
    }
    return nodes.get(((NodeTarget) target).nodeId());
  }

  /** Stores {@code entry}, replacing the ban of its target in one step. */
  private void putLocked(BanEntry entry) {
    BanEntry previous;
    if (entry.target() instanceof SubnetTarget s) {
      previous = subnets.put(s.subnet(), entry);
    } else {
      previous = nodes.put(((NodeTarget) entry.target()).nodeId(), entry);
    }
    if (previous != null && !previous.isPermanent()) {
      timed.remove(previous);
    }
    if (!entry.isPermanent()) {
      timed.add(entry);
    }
  }

  private void removeLocked(BanEntry entry) {
    if (entry.target() instanceof SubnetTarget s) {
      subnets.remove(s.subnet());
    } else {
      nodes.remove(((NodeTarget) entry.target()).nodeId());
    }
    if (!entry.isPermanent()) {
      timed.remove(entry);
    }
  }

  private void recordLocked(BanRecord record) {
    if (policy.historySize() == 0) {
      return;
    }
    while (history.size() >= policy.historySize()) {
      history.removeFirst();
    }
    history.addLast(record);
  }

  /**
   * Collects what a {@link BanList} needs. Not thread-safe: build on one thread.
   */
  public static final class Builder {
    private InstantSource clock = InstantSource.system();
    private BanPolicy policy = BanPolicy.defaults();

    private Builder() {}

    /**
     * Sets the clock that decides when bans and discouragement end. Default: the system clock.
     * Tests and simulations pass a virtual clock.
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
     * Sets the bounds and durations. Default: {@link BanPolicy#defaults()}.
     *
     * @param policy the policy
     * @return this builder
     * @throws NullPointerException if {@code policy} is {@code null}
     */
    public Builder policy(BanPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Returns a new, empty ban list.
     *
     * @return the ban list
     */
    public BanList build() {
      return new BanList(this);
    }
  }
}
