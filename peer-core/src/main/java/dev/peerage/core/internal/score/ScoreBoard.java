package dev.peerage.core.internal.score;

import dev.peerage.core.score.PeerScore;
import dev.peerage.core.score.ScoreStanding;
import dev.peerage.core.score.ScoreState;
import dev.peerage.core.score.ScoringPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Tracks a {@link PeerScore} per peer, keyed by any type {@code K} (a {@code PeerAddress}, a {@code
 * NodeId}, ...), and orders candidates by it. The score model and every parameter come from a
 * {@link ScoringPolicy}.
 *
 * <h2>Time</h2>
 *
 * <p>Every method that depends on time takes the current instant; the board never reads a clock and
 * runs nothing in the background. Decay is computed from each entry's {@link
 * ScoreState#updatedAt()} when the entry is read or written, so it is exact on virtual time and
 * after a {@link #restore(Map) restore}. An instant earlier than an entry's last update is treated
 * as equal to it (racing threads may deliver events slightly out of order; decay never runs
 * backwards).
 *
 * <h2>Retention and the bound</h2>
 *
 * <p>A peer's entry is created by its first recorded event. While the peer is {@linkplain
 * #markConnected connected} the entry is kept. Once it is not connected (after {@link
 * #markDisconnected}, or if it was never connected, such as an address that is only being dialled),
 * the entry lives for {@link ScoringPolicy#retention()} after its last recorded event, so a peer
 * cannot reset its score by disconnecting and reconnecting, and a peer that keeps failing to answer
 * dials keeps its record. An entry past retention is treated as absent by every read, and a new
 * event on it starts from scratch, whether or not {@link #expire(Instant)} has removed it yet;
 * {@code expire} only reclaims the memory.
 *
 * <p>The board never holds more than {@link ScoringPolicy#maxEntries()} entries. To make room for a
 * new peer it evicts the entry of a peer that is not connected and has been inactive longest; only
 * if every tracked peer is connected does it evict the connected peer with the lowest score (the
 * one {@link #byScoreDescending(Instant)} would rank last).
 *
 * <h2>Ordering</h2>
 *
 * <p>Candidates are ranked by score, highest first, using {@link PeerScore}'s natural order (total,
 * then reliability, behaviour, performance). Peers with equal scores, such as all unknown peers,
 * are ranked by the key order given at creation, so every ranking is deterministic: by natural
 * order for {@link #create(ScoringPolicy)}, by the given comparator for {@link
 * #create(ScoringPolicy, Comparator)}.
 *
 * <h2>Threads</h2>
 *
 * <p>Thread-safe. Each entry is an immutable {@link ScoreState} replaced atomically per key; reads
 * ({@link #score}, {@link #find}, the rankings) take no lock and never wait on other keys. Creating
 * a new entry is serialized with other creations so the bound is never exceeded, even for a moment;
 * updates to existing entries are not. Events for one peer recorded at the same instant from
 * several threads are all counted.
 *
 * @param <K> the type of peer keys; must have consistent {@code equals} and {@code hashCode}
 */
public final class ScoreBoard<K> {

  private final ScoringPolicy policy;
  private final ScoreCalculator calculator;
  private final Comparator<? super K> keyOrder;
  private final ConcurrentHashMap<K, Tracked> entries = new ConcurrentHashMap<>();

  /**
   * The entries of peers that are not connected, oldest last activity first. Kept in step with
   * {@link #entries} inside each key's compute function, so eviction and expiry find their victims
   * without scanning.
   */
  private final ConcurrentSkipListSet<IdleMark<K>> idle =
      new ConcurrentSkipListSet<>(
          Comparator.<IdleMark<K>, Instant>comparing(IdleMark::since)
              .thenComparingLong(IdleMark::seq));

  /** Serializes the creation of entries (and restore) so that the size bound holds strictly. */
  private final ReentrantLock creationLock = new ReentrantLock();

  private final AtomicLong sequence = new AtomicLong();

  /** One entry: its state and a number unique to the entry, which orders equal idle instants. */
  private record Tracked(ScoreState state, long seq) {}

  private record IdleMark<K>(Instant since, long seq, K key) {}

  private ScoreBoard(ScoringPolicy policy, Comparator<? super K> keyOrder) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.keyOrder = Objects.requireNonNull(keyOrder, "keyOrder");
    this.calculator = new ScoreCalculator(policy);
  }

  /**
   * Creates an empty board whose equal-score ties are ranked by the keys' natural order.
   *
   * @param policy the scoring parameters, not {@code null}
   * @param <K> the key type, comparable
   * @return a new, empty board
   * @throws NullPointerException if {@code policy} is {@code null}
   */
  public static <K extends Comparable<? super K>> ScoreBoard<K> create(ScoringPolicy policy) {
    return new ScoreBoard<>(policy, Comparator.<K>naturalOrder());
  }

  /**
   * Creates an empty board whose equal-score ties are ranked by {@code keyOrder}, for key types
   * without a natural order. Pick an order that does not depend on identity (for example by the
   * key's text form) so rankings repeat across runs.
   *
   * @param policy the scoring parameters, not {@code null}
   * @param keyOrder orders keys with equal scores, ascending first; not {@code null}
   * @param <K> the key type
   * @return a new, empty board
   * @throws NullPointerException if an argument is {@code null}
   */
  public static <K> ScoreBoard<K> create(ScoringPolicy policy, Comparator<? super K> keyOrder) {
    return new ScoreBoard<>(policy, keyOrder);
  }

  /**
   * Returns the policy this board applies.
   *
   * @return the policy, never {@code null}
   */
  public ScoringPolicy policy() {
    return policy;
  }

  /**
   * Records a success (an answered request or ping, a completed handshake): raises reliability.
   *
   * @param peer the peer, not {@code null}
   * @param now the instant of the event, not {@code null}
   * @throws NullPointerException if an argument is {@code null}
   */
  public void recordSuccess(K peer, Instant now) {
    update(peer, now, s -> calculator.withSuccess(s, now));
  }

  /**
   * Records a failure (a failed dial, a timeout, an unanswered request): lowers reliability.
   *
   * @param peer the peer, not {@code null}
   * @param now the instant of the event, not {@code null}
   * @throws NullPointerException if an argument is {@code null}
   */
  public void recordFailure(K peer, Instant now) {
    update(peer, now, s -> calculator.withFailure(s, now));
  }

  /**
   * Records a latency measurement, usually a ping's round trip. Values above {@link
   * ScoreState#MAX_LATENCY} are recorded as that.
   *
   * @param peer the peer, not {@code null}
   * @param latency the measured latency, zero or positive, not {@code null}
   * @param now the instant of the measurement, not {@code null}
   * @throws IllegalArgumentException if {@code latency} is negative
   * @throws NullPointerException if an argument is {@code null}
   */
  public void recordLatency(K peer, Duration latency, Instant now) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, was " + latency);
    }
    update(peer, now, s -> calculator.withLatency(s, latency, now));
  }

  /**
   * Records a throughput measurement. Values above {@link ScoreState#MAX_THROUGHPUT} are recorded
   * as that.
   *
   * @param peer the peer, not {@code null}
   * @param bytesPerSecond the measured rate in bytes per second, finite and {@code >= 0}
   * @param now the instant of the measurement, not {@code null}
   * @throws IllegalArgumentException if {@code bytesPerSecond} is negative, NaN or infinite
   * @throws NullPointerException if an argument is {@code null}
   */
  public void recordThroughput(K peer, double bytesPerSecond, Instant now) {
    if (!(Double.isFinite(bytesPerSecond) && bytesPerSecond >= 0.0)) {
      throw new IllegalArgumentException(
          "bytesPerSecond must be a finite number >= 0, was " + bytesPerSecond);
    }
    update(peer, now, s -> calculator.withThroughput(s, bytesPerSecond, now));
  }

  /**
   * Adds misbehaviour points (an invalid message, a protocol violation). {@link
   * ScoringPolicy#behaviourPointsScale()} points make the full penalty; the sum is capped at {@link
   * ScoreState#MAX_MISBEHAVIOUR_POINTS}.
   *
   * @param peer the peer, not {@code null}
   * @param points the points to add, finite and {@code >= 0}
   * @param now the instant of the misbehaviour, not {@code null}
   * @throws IllegalArgumentException if {@code points} is negative, NaN or infinite
   * @throws NullPointerException if an argument is {@code null}
   */
  public void recordMisbehaviour(K peer, double points, Instant now) {
    if (!(Double.isFinite(points) && points >= 0.0)) {
      throw new IllegalArgumentException("points must be a finite number >= 0, was " + points);
    }
    update(peer, now, s -> calculator.withMisbehaviour(s, points, now));
  }

  /**
   * Marks the peer connected: its entry is kept (and not expired) until it is marked disconnected.
   * Does not by itself change the score.
   *
   * @param peer the peer, not {@code null}
   * @param now the instant of the connection, not {@code null}
   * @throws NullPointerException if an argument is {@code null}
   */
  public void markConnected(K peer, Instant now) {
    update(peer, now, s -> calculator.withConnected(s, now));
  }

  /**
   * Marks the peer disconnected, which starts its retention period. Does not by itself change the
   * score.
   *
   * @param peer the peer, not {@code null}
   * @param now the instant of the disconnect, not {@code null}
   * @throws NullPointerException if an argument is {@code null}
   */
  public void markDisconnected(K peer, Instant now) {
    update(peer, now, s -> calculator.withDisconnected(s, now));
  }

  /**
   * Marks every connected peer disconnected at {@code now}: for a transport shutdown, or after a
   * {@link #restore(Map) restore} at startup of states saved while peers were connected.
   *
   * @param now the instant of the disconnect, not {@code null}
   * @return how many peers were marked
   * @throws NullPointerException if {@code now} is {@code null}
   */
  public int markAllDisconnected(Instant now) {
    Objects.requireNonNull(now, "now");
    int count = 0;
    for (K peer : entries.keySet()) {
      boolean[] marked = {false};
      entries.computeIfPresent(
          peer,
          (k, cur) -> {
            if (!cur.state().connected()) {
              return cur;
            }
            marked[0] = true;
            return replace(k, cur, calculator.withDisconnected(cur.state(), now));
          });
      if (marked[0]) {
        count++;
      }
    }
    return count;
  }

  /**
   * Returns the peer's score at {@code now}. A peer without an entry, or whose entry is past
   * retention, gets {@link ScoringPolicy#unknownPeerScore()} ({@link PeerScore#NEUTRAL} with the
   * default priors): an unknown peer ranks below proven ones and above failing or misbehaving ones.
   *
   * @param peer the peer, not {@code null}
   * @param now the instant of the score, not {@code null}
   * @return the score, never {@code null}
   * @throws NullPointerException if an argument is {@code null}
   */
  public PeerScore score(K peer, Instant now) {
    return find(peer, now).orElse(policy.unknownPeerScore());
  }

  /**
   * Returns the peer's score at {@code now} if the board tracks the peer.
   *
   * @param peer the peer, not {@code null}
   * @param now the instant of the score, not {@code null}
   * @return the score, or empty if the peer has no entry or its entry is past retention
   * @throws NullPointerException if an argument is {@code null}
   */
  public Optional<PeerScore> find(K peer, Instant now) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(now, "now");
    Tracked tracked = entries.get(peer);
    if (tracked == null || calculator.isExpired(tracked.state(), now)) {
      return Optional.empty();
    }
    return Optional.of(calculator.score(tracked.state(), now));
  }

  /**
   * Returns the peer's standing at {@code now}: {@code policy().standingOf(score(peer, now))}.
   *
   * @param peer the peer, not {@code null}
   * @param now the instant, not {@code null}
   * @return the standing, never {@code null}
   * @throws NullPointerException if an argument is {@code null}
   */
  public ScoreStanding standing(K peer, Instant now) {
    return policy.standingOf(score(peer, now));
  }

  /**
   * Returns a comparator that ranks keys by their score at {@code now}, highest first, ties broken
   * by the board's key order. The comparator remembers each key's score the first time it meets it,
   * so one sort sees one consistent ranking even while other threads keep recording events. Use a
   * fresh comparator for each sort; it is not thread-safe and holds the scores of every key it
   * compared. For picking a few of many candidates {@link #best} is cheaper.
   *
   * @param now the instant of the scores, not {@code null}
   * @return a new comparator; throws {@link NullPointerException} when given a {@code null} key
   * @throws NullPointerException if {@code now} is {@code null}
   */
  public Comparator<K> byScoreDescending(Instant now) {
    Objects.requireNonNull(now, "now");
    Map<K, PeerScore> memo = new HashMap<>();
    Function<K, PeerScore> scoreOf = k -> memo.computeIfAbsent(k, key -> score(key, now));
    Comparator<K> byScore = (a, b) -> scoreOf.apply(b).compareTo(scoreOf.apply(a));
    return byScore.thenComparing(keyOrder);
  }

  /**
   * Returns up to {@code limit} candidates with the highest scores at {@code now}, best first:
   * which managed or cached peers to dial first, which cached peers to keep. Ties are ranked by the
   * key order, then by their order in {@code candidates}. Takes {@code O(n log n)} for {@code n}
   * candidates, scoring each once.
   *
   * @param candidates the candidates, none {@code null}; not modified
   * @param key maps a candidate to its peer key, never to {@code null}
   * @param limit the most candidates to return, {@code >= 0}
   * @param now the instant of the scores, not {@code null}
   * @param <T> the candidate type
   * @return a new list of at most {@code limit} candidates, best first
   * @throws IllegalArgumentException if {@code limit} is negative
   * @throws NullPointerException if an argument, a candidate or a key is {@code null}
   */
  public <T> List<T> best(Collection<T> candidates, Function<T, K> key, int limit, Instant now) {
    return ranked(candidates, key, limit, now, true);
  }

  /**
   * Returns up to {@code limit} candidates with the lowest scores at {@code now}, worst first:
   * which inbound peer to evict, which cached peer to drop. The order is the reverse of {@link
   * #best}'s for candidates with distinct keys; candidates sharing a key keep their order in {@code
   * candidates}.
   *
   * @param candidates the candidates, none {@code null}; not modified
   * @param key maps a candidate to its peer key, never to {@code null}
   * @param limit the most candidates to return, {@code >= 0}
   * @param now the instant of the scores, not {@code null}
   * @param <T> the candidate type
   * @return a new list of at most {@code limit} candidates, worst first
   * @throws IllegalArgumentException if {@code limit} is negative
   * @throws NullPointerException if an argument, a candidate or a key is {@code null}
   */
  public <T> List<T> worst(Collection<T> candidates, Function<T, K> key, int limit, Instant now) {
    return ranked(candidates, key, limit, now, false);
  }

  private <T> List<T> ranked(
      Collection<T> candidates, Function<T, K> key, int limit, Instant now, boolean bestFirst) {
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(now, "now");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    List<Ranked<T, K>> ranked = new ArrayList<>(candidates.size());
    for (T candidate : candidates) {
      Objects.requireNonNull(candidate, "candidates must not contain null");
      K peer = key.apply(candidate);
      if (peer == null) {
        throw new NullPointerException("key returned null for candidate " + candidate);
      }
      ranked.add(new Ranked<>(candidate, peer, score(peer, now)));
    }
    Comparator<Ranked<T, K>> bestOrder =
        Comparator.<Ranked<T, K>, PeerScore>comparing(Ranked::score)
            .reversed()
            .thenComparing(Ranked::peer, keyOrder);
    ranked.sort(bestFirst ? bestOrder : bestOrder.reversed());
    List<T> result = new ArrayList<>(Math.min(limit, ranked.size()));
    for (int i = 0; i < ranked.size() && i < limit; i++) {
      result.add(ranked.get(i).candidate());
    }
    return result;
  }

  private record Ranked<T, K>(T candidate, K peer, PeerScore score) {}

  /**
   * Removes the entries of peers that are not connected and whose last event is at least {@link
   * ScoringPolicy#retention()} before {@code now}. Such entries already read as absent; this
   * reclaims their memory. Call it from a periodic maintenance task.
   *
   * @param now the current instant, not {@code null}
   * @return how many entries were removed
   * @throws NullPointerException if {@code now} is {@code null}
   */
  public int expire(Instant now) {
    Objects.requireNonNull(now, "now");
    Duration retention = policy.retention();
    int removed = 0;
    for (IdleMark<K> mark : idle) {
      if (Duration.between(mark.since(), now).compareTo(retention) < 0) {
        break; // marks are ordered by their instant: the rest are younger
      }
      if (removeIfIdleAsMarked(mark)) {
        removed++;
      }
    }
    return removed;
  }

  /**
   * Returns the number of entries, including entries past retention that {@link #expire} has not
   * removed yet. Never more than {@link ScoringPolicy#maxEntries()}.
   *
   * @return the number of entries
   */
  public int size() {
    return entries.size();
  }

  /**
   * Removes the peer's entry, if any; its next event starts from scratch.
   *
   * @param peer the peer, not {@code null}
   * @throws NullPointerException if {@code peer} is {@code null}
   */
  public void forget(K peer) {
    Objects.requireNonNull(peer, "peer");
    entries.computeIfPresent(
        peer,
        (k, cur) -> {
          unmarkIdle(k, cur);
          return null;
        });
  }

  /**
   * Returns a copy of every entry's raw state, to persist. Each state is consistent; states of
   * different peers may straddle concurrent events. Entries past retention that {@link #expire} has
   * not removed yet are included (they read as absent after a restore too).
   *
   * @return an unmodifiable map from peer to state, never {@code null}
   */
  public Map<K, ScoreState> snapshot() {
    Map<K, ScoreState> copy = new LinkedHashMap<>();
    entries.forEach((k, tracked) -> copy.put(k, tracked.state()));
    return Map.copyOf(copy);
  }

  /**
   * Replaces the board's content with {@code states}, typically a {@link #snapshot()} read back at
   * startup. The same states give the same scores at the same instants as before. If there are more
   * states than {@link ScoringPolicy#maxEntries()}, the board keeps the connected ones first, then
   * the most recently updated ones. States flagged as connected stay connected; after a restart
   * call {@link #markAllDisconnected(Instant)} so they start their retention. Meant for startup:
   * events recorded concurrently with a restore may be lost.
   *
   * @param states the states to load, keyed by peer; no {@code null} keys or values
   * @throws NullPointerException if {@code states}, a key or a value is {@code null}
   */
  public void restore(Map<K, ScoreState> states) {
    Objects.requireNonNull(states, "states");
    List<Map.Entry<K, ScoreState>> loaded = new ArrayList<>(states.size());
    for (Map.Entry<K, ScoreState> e : states.entrySet()) {
      if (e.getKey() == null) {
        throw new NullPointerException("states must not contain a null key");
      }
      if (e.getValue() == null) {
        throw new NullPointerException("states must not map " + e.getKey() + " to null");
      }
      loaded.add(Map.entry(e.getKey(), e.getValue()));
    }
    if (loaded.size() > policy.maxEntries()) {
      loaded.sort(
          Comparator.<Map.Entry<K, ScoreState>, Boolean>comparing(e -> !e.getValue().connected())
              .thenComparing(e -> e.getValue().updatedAt(), Comparator.reverseOrder()));
      loaded = loaded.subList(0, policy.maxEntries());
    }
    creationLock.lock();
    try {
      entries.clear();
      idle.clear();
      for (Map.Entry<K, ScoreState> e : loaded) {
        entries.put(e.getKey(), created(e.getKey(), e.getValue()));
      }
    } finally {
      creationLock.unlock();
    }
  }

  /**
   * Describes the board for logs.
   *
   * @return the entry count and bound
   */
  @Override
  public String toString() {
    return "ScoreBoard{entries=" + entries.size() + ", maxEntries=" + policy.maxEntries() + '}';
  }

  /**
   * Checks the board's internal invariants; for tests, at a quiescent moment (no concurrent
   * writers). The bound holds, and the idle index holds exactly one mark per entry that is not
   * connected, pointing at that entry's current state.
   *
   * @throws IllegalStateException describing the first broken invariant
   */
  void checkConsistency() {
    if (entries.size() > policy.maxEntries()) {
      throw new IllegalStateException(
          "size " + entries.size() + " exceeds maxEntries " + policy.maxEntries());
    }
    int idleEntries = 0;
    for (Map.Entry<K, Tracked> e : entries.entrySet()) {
      Tracked t = e.getValue();
      if (!t.state().connected()) {
        idleEntries++;
        IdleMark<K> expected = new IdleMark<>(t.state().updatedAt(), t.seq(), e.getKey());
        if (!idle.contains(expected)) {
          throw new IllegalStateException("idle entry " + e.getKey() + " has no mark");
        }
      }
    }
    for (IdleMark<K> mark : idle) {
      Tracked t = entries.get(mark.key());
      if (t == null
          || t.seq() != mark.seq()
          || t.state().connected()
          || !t.state().updatedAt().equals(mark.since())) {
        throw new IllegalStateException("stale idle mark " + mark);
      }
    }
    if (idle.size() != idleEntries) {
      throw new IllegalStateException(
          idle.size() + " idle marks for " + idleEntries + " idle entries");
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void update(K peer, Instant now, UnaryOperator<ScoreState> change) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(now, "now");
    if (entries.computeIfPresent(peer, (k, cur) -> replace(k, cur, change.apply(base(cur, now))))
        != null) {
      return;
    }
    creationLock.lock();
    try {
      if (!entries.containsKey(peer)) {
        makeRoom(now);
      }
      entries.compute(
          peer,
          (k, cur) ->
              cur == null
                  ? created(k, change.apply(ScoreState.initial(now)))
                  : replace(k, cur, change.apply(base(cur, now))));
    } finally {
      creationLock.unlock();
    }
  }

  /** An entry past retention is not continued: the event starts a fresh record. */
  private ScoreState base(Tracked cur, Instant now) {
    return calculator.isExpired(cur.state(), now) ? ScoreState.initial(now) : cur.state();
  }

  // Called inside the key's compute function, which is what keeps the idle index in step.
  private Tracked replace(K key, Tracked cur, ScoreState next) {
    unmarkIdle(key, cur);
    Tracked updated = new Tracked(next, cur.seq());
    markIdle(key, updated);
    return updated;
  }

  private Tracked created(K key, ScoreState state) {
    Tracked tracked = new Tracked(state, sequence.incrementAndGet());
    markIdle(key, tracked);
    return tracked;
  }

  private void markIdle(K key, Tracked tracked) {
    if (!tracked.state().connected()) {
      idle.add(new IdleMark<>(tracked.state().updatedAt(), tracked.seq(), key));
    }
  }

  private void unmarkIdle(K key, Tracked tracked) {
    if (!tracked.state().connected()) {
      idle.remove(new IdleMark<>(tracked.state().updatedAt(), tracked.seq(), key));
    }
  }

  /** Evicts until a new entry fits. Caller holds {@link #creationLock}. */
  private void makeRoom(Instant now) {
    while (entries.size() >= policy.maxEntries()) {
      evictOne(now);
    }
  }

  private void evictOne(Instant now) {
    for (IdleMark<K> mark : idle) {
      if (removeIfIdleAsMarked(mark)) {
        return;
      }
    }
    // Every tracked peer is connected (or the idle ones changed under us): scan. An idle entry
    // still goes first; among connected ones, the one that ranks last.
    K oldestIdle = null;
    Instant oldestIdleSince = null;
    K worst = null;
    PeerScore worstScore = null;
    for (Map.Entry<K, Tracked> e : entries.entrySet()) {
      ScoreState state = e.getValue().state();
      if (!state.connected()) {
        if (oldestIdle == null || state.updatedAt().isBefore(oldestIdleSince)) {
          oldestIdle = e.getKey();
          oldestIdleSince = state.updatedAt();
        }
        continue;
      }
      PeerScore s = calculator.score(state, now);
      int c = worst == null ? -1 : s.compareTo(worstScore);
      if (c < 0 || (c == 0 && keyOrder.compare(e.getKey(), worst) > 0)) {
        worst = e.getKey();
        worstScore = s;
      }
    }
    K victim = oldestIdle != null ? oldestIdle : worst;
    if (victim != null) {
      forget(victim);
    }
  }

  /** Removes the entry the mark points to if it is still that idle entry. */
  private boolean removeIfIdleAsMarked(IdleMark<K> mark) {
    boolean[] removed = {false};
    Tracked after =
        entries.computeIfPresent(
            mark.key(),
            (k, cur) -> {
              if (cur.seq() == mark.seq()
                  && !cur.state().connected()
                  && cur.state().updatedAt().equals(mark.since())) {
                idle.remove(mark);
                removed[0] = true;
                return null;
              }
              return cur;
            });
    if (after == null && !removed[0]) {
      idle.remove(mark); // the key is gone: the mark was stale
    }
    return removed[0];
  }
}
