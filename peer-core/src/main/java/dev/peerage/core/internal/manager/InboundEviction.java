package dev.peerage.core.internal.manager;

import dev.peerage.core.address.NetGroup;
import dev.peerage.core.internal.SipHash24;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses which inbound connection to close when the inbound slots are full and another peer
 * knocks: Bitcoin Core's {@code SelectNodeToEvict} (src/node/eviction.cpp), adapted to what Peerage
 * knows about a connection.
 *
 * <h2>Why it works this way</h2>
 *
 * <p>An attacker who wants to eclipse a node fills its inbound slots with its own connections. If
 * the node simply refused newcomers, the attacker would only need to be first; if it evicted at
 * random, the attacker would only need to keep knocking. Instead, every connection that is good by
 * some measure the attacker finds hard to fake is protected, and only the rest can lose their slot.
 * Each protection is a separate measure, so an attacker must beat honest peers on all of them at
 * once:
 *
 * <ol>
 *   <li><b>Managed peers</b> ({@link Candidate#protectedPeer()}: peers the host configured, such as
 *       persistent or unconditional ones) are never candidates.
 *   <li><b>Network group</b>: up to {@value #PROTECT_BY_GROUP} peers from distinct groups, the
 *       groups with the highest {@link Candidate#keyedGroupHash() keyed group hash}. The hash uses
 *       a per-node secret, so an attacker cannot tell which groups to get addresses in. Within a
 *       chosen group the longest-connected member is kept. Core protects the top 4 peers by the
 *       hash even when they share a group; requiring distinct groups keeps one lucky group from
 *       taking every slot.
 *   <li><b>Latency</b>: the {@value #PROTECT_BY_LATENCY} peers with the lowest measured latency.
 *       Being close on the network cannot be faked from afar. Peers whose latency is not yet known
 *       are not protected by this rule (Core treats them as infinitely slow too).
 *   <li><b>Uptime</b>: half of the peers still unprotected (rounded down), those connected the
 *       longest. An attacker who arrives later cannot displace peers that were already there, which
 *       keeps the node's connectivity as it was before the attack started.
 *   <li><b>Crowded group</b>: among what is left, the network group with the most connections loses
 *       its youngest connection, because many connections from one group are the signature of one
 *       operator (or one attacker). On a tie, the group whose youngest member connected most
 *       recently loses, as in Core.
 * </ol>
 *
 * <p>Core has further protections that need information Peerage does not track here (peers that
 * recently relayed novel transactions or blocks, and reserved slots for Tor, I2P and CJDNS peers);
 * a host that tracks such usefulness can mark those peers as protected.
 *
 * <h2>Determinism</h2>
 *
 * <p>No randomness: the same list gives the same answer. Every ordering has a complete tie-break,
 * falling back to the position in the list only between candidates connected at the same instant
 * and equal in everything else compared, so reordering candidates whose connection instants all
 * differ does not change the answer. Cost: O(n log n) for n candidates.
 *
 * <p>Stateless and thread-safe.
 */
public final class InboundEviction {

  /**
   * Peers protected by network group: Core's value. Few enough that an attacker gains little by
   * owning a protected group, enough to keep several unrelated operators connected.
   */
  public static final int PROTECT_BY_GROUP = 4;

  /**
   * Peers protected for the lowest latency: Core's value, about the number of outbound peers, so
   * the closest honest peers keep their slots against any number of distant attackers.
   */
  public static final int PROTECT_BY_LATENCY = 8;

  /**
   * The uptime rule protects the remaining peers divided by this, rounded down: Core protects half
   * of them ({@code ProtectEvictionCandidatesByRatio}).
   */
  public static final int UPTIME_PROTECTION_DIVISOR = 2;

  private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  /** Longest connected first, then the lowest latency, then the earliest in the list. */
  private static final Comparator<Ranked> OLDEST_FIRST =
      Comparator.comparing(Ranked::since)
          .thenComparingLong(Ranked::latencyNanos)
          .thenComparingInt(Ranked::index);

  /**
   * Most recently connected first, then the highest latency (unknown counts as highest), then the
   * latest in the list: the order in which a group gives up its members.
   */
  private static final Comparator<Ranked> YOUNGEST_FIRST = OLDEST_FIRST.reversed();

  private InboundEviction() {}

  /**
   * One inbound connection that might be closed.
   *
   * @param key the caller's handle for the connection, returned unchanged in the answer (a peer id,
   *     a connection object); not used for decisions
   * @param group the network group of the remote address
   * @param latency the lowest round-trip time measured on this connection so far (Core uses the
   *     minimum ping, which an attacker cannot lower), or empty if none yet; never negative
   * @param connectedSince when the connection was established
   * @param protectedPeer whether this peer must never be evicted (a managed, persistent or
   *     unconditional peer, or one the host marked useful)
   * @param keyedGroupHash a hash of {@code group} under a secret, per-node key, for example {@link
   *     #keyedGroupHash(long, long, NetGroup)}; must be the same for every candidate of a group
   */
  public record Candidate(
      Object key,
      NetGroup group,
      Optional<Duration> latency,
      Instant connectedSince,
      boolean protectedPeer,
      long keyedGroupHash) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if an object component is {@code null}
     * @throws IllegalArgumentException if the latency is negative
     */
    public Candidate {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(latency, "latency");
      Objects.requireNonNull(connectedSince, "connectedSince");
      if (latency.isPresent() && latency.get().isNegative()) {
        throw new IllegalArgumentException(
            "latency must not be negative, was " + latency.get() + " for " + key);
      }
    }
  }

  /**
   * Returns the keyed hash of a network group, for {@link Candidate#keyedGroupHash()}: SipHash-2-4
   * of the group's {@link NetGroup#bytes() key} under a 128-bit secret. The secret should be random
   * per node (Core derives it from a random per-node salt), so outsiders cannot predict which
   * groups the group rule protects.
   *
   * @param k0 the first half of the secret key
   * @param k1 the second half of the secret key
   * @param group the group
   * @return the hash
   */
  public static long keyedGroupHash(long k0, long k1, NetGroup group) {
    return SipHash24.hash(k0, k1, group.bytes());
  }

  /**
   * Chooses the connection to close, following the rules in the class comment.
   *
   * @param candidates the inbound connections, in any order; not modified
   * @return the candidate to evict, or empty if every candidate is protected (including when the
   *     list is empty)
   * @throws NullPointerException if the list or an element is {@code null}
   * @throws IllegalArgumentException if two candidates of the same group have different keyed group
   *     hashes (the message names the group and both hashes)
   */
  public static Optional<Candidate> selectToEvict(List<Candidate> candidates) {
    List<Ranked> pool = unprotected(candidates);
    protectByGroup(pool);
    protectByLatency(pool);
    protectByUptime(pool);
    return crowdedGroupsYoungest(pool).map(Ranked::candidate);
  }

  /** A candidate and its position in the input, the last tie-break. */
  private record Ranked(Candidate candidate, int index) {
    Instant since() {
      return candidate.connectedSince();
    }

    /** The latency in nanoseconds, {@code Long.MAX_VALUE} when unknown or huge. */
    long latencyNanos() {
      Optional<Duration> latency = candidate.latency();
      if (latency.isEmpty()) {
        return Long.MAX_VALUE;
      }
      Duration value = latency.get();
      return value.compareTo(MAX_NANOS) >= 0 ? Long.MAX_VALUE : value.toNanos();
    }
  }

  private static List<Ranked> unprotected(List<Candidate> candidates) {
    Objects.requireNonNull(candidates, "candidates");
    Map<NetGroup, Long> hashes = new HashMap<>();
    List<Ranked> pool = new ArrayList<>(candidates.size());
    int index = 0;
    for (Candidate candidate : candidates) {
      Objects.requireNonNull(candidate, "candidate at index " + index);
      Long known = hashes.putIfAbsent(candidate.group(), candidate.keyedGroupHash());
      if (known != null && known != candidate.keyedGroupHash()) {
        throw new IllegalArgumentException(
            "candidates of group "
                + candidate.group()
                + " have different keyed group hashes "
                + known
                + " and "
                + candidate.keyedGroupHash()
                + " (at index "
                + index
                + "); expected one hash per group");
      }
      if (!candidate.protectedPeer()) {
        pool.add(new Ranked(candidate, index));
      }
      index++;
    }
    return pool;
  }

  /** Keeps the longest-connected member of each of the groups with the highest keyed hashes. */
  private static void protectByGroup(List<Ranked> pool) {
    Map<NetGroup, Ranked> oldestOfGroup = new HashMap<>();
    for (Ranked ranked : pool) {
      oldestOfGroup.merge(
          ranked.candidate().group(), ranked, (a, b) -> OLDEST_FIRST.compare(a, b) <= 0 ? a : b);
    }
    List<Ranked> representatives = new ArrayList<>(oldestOfGroup.values());
    // Highest hash first, like Core, which protects the end of the list sorted by ascending hash.
    // Distinct groups can collide on the hash; their natural order settles it.
    representatives.sort(
        Comparator.comparingLong((Ranked r) -> r.candidate().keyedGroupHash())
            .reversed()
            .thenComparing(r -> r.candidate().group()));
    int protect = Math.min(PROTECT_BY_GROUP, representatives.size());
    pool.removeAll(representatives.subList(0, protect));
  }

  /** Keeps the peers with the lowest measured latency. */
  private static void protectByLatency(List<Ranked> pool) {
    List<Ranked> measured = new ArrayList<>();
    for (Ranked ranked : pool) {
      if (ranked.candidate().latency().isPresent()) {
        measured.add(ranked);
      }
    }
    measured.sort(
        Comparator.comparingLong(Ranked::latencyNanos)
            .thenComparing(Ranked::since)
            .thenComparingInt(Ranked::index));
    pool.removeAll(measured.subList(0, Math.min(PROTECT_BY_LATENCY, measured.size())));
  }

  /** Keeps the longest-connected half of what is left. */
  private static void protectByUptime(List<Ranked> pool) {
    pool.sort(OLDEST_FIRST);
    pool.subList(0, pool.size() / UPTIME_PROTECTION_DIVISOR).clear();
  }

  /**
   * Returns the youngest member of the group with the most members; on a tie in size, of the group
   * whose youngest member is youngest, then of the group with the higher keyed hash, then of the
   * group first in {@link NetGroup}'s order.
   */
  private static Optional<Ranked> crowdedGroupsYoungest(List<Ranked> pool) {
    Map<NetGroup, GroupTally> tallies = new LinkedHashMap<>();
    for (Ranked ranked : pool) {
      tallies.computeIfAbsent(ranked.candidate().group(), g -> new GroupTally()).add(ranked);
    }
    // max() picks the greatest: the most members, then the latest youngest connection, then the
    // higher hash (unpredictable to outsiders), then the group first in NetGroup's order.
    Comparator<GroupTally> byEvictionPriority =
        Comparator.comparingInt((GroupTally t) -> t.size)
            .thenComparing(t -> t.youngest.since())
            .thenComparingLong(t -> t.youngest.candidate().keyedGroupHash())
            .thenComparing(t -> t.youngest.candidate().group(), Comparator.reverseOrder());
    return tallies.values().stream().max(byEvictionPriority).map(t -> t.youngest);
  }

  /** The size of a group among the remaining candidates and its youngest member. */
  private static final class GroupTally {
    int size;
    Ranked youngest;

    void add(Ranked ranked) {
      size++;
      if (youngest == null || YOUNGEST_FIRST.compare(ranked, youngest) < 0) {
        youngest = ranked;
      }
    }
  }
}
