package dev.peerage.core.internal.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.score.PeerScore;
import dev.peerage.core.score.ScoreState;
import dev.peerage.core.score.ScoringPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Random policies and random event sequences, with out-of-order instants and extreme values. */
class ScoreBoardPropertyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int PEERS = 5;

  /** One random step: what happens, to whom, how far the clock moves (possibly backwards). */
  record Event(int kind, int peer, long deltaMillis, double value) {}

  @Property(tries = 300)
  void totalsStayFiniteAndWithinTheDocumentedBounds(
      @ForAll("policies") ScoringPolicy policy, @ForAll("events") List<Event> events) {
    ScoreBoard<Integer> board = ScoreBoard.create(policy);
    Instant now = T0;
    for (Event e : events) {
      now = now.plusMillis(e.deltaMillis());
      apply(board, e, now);
      for (int peer = 0; peer < PEERS; peer++) {
        assertWithinBounds(board.score(peer, now), policy);
      }
      assertThat(board.size()).isLessThanOrEqualTo(policy.maxEntries());
      board.checkConsistency();
    }
  }

  @Property(tries = 200)
  void snapshotAndRestoreGiveEqualScores(
      @ForAll("policies") ScoringPolicy policy,
      @ForAll("events") List<Event> events,
      @ForAll @LongRange(min = -3_600_000, max = 100_000_000) long laterMillis) {
    ScoreBoard<Integer> board = ScoreBoard.create(policy);
    Instant now = T0;
    for (Event e : events) {
      now = now.plusMillis(e.deltaMillis());
      apply(board, e, now);
    }
    Map<Integer, ScoreState> snapshot = board.snapshot();
    ScoreBoard<Integer> restored = ScoreBoard.create(policy);
    restored.restore(snapshot);
    restored.checkConsistency();
    Instant later = now.plusMillis(laterMillis);
    for (int peer = 0; peer < PEERS; peer++) {
      assertThat(restored.find(peer, later)).isEqualTo(board.find(peer, later));
    }
    assertThat(restored.snapshot()).isEqualTo(snapshot);
  }

  @Property(tries = 200)
  void withoutNewEventsScoresOnlyDriftBackTowardThePrior(
      @ForAll("policies") ScoringPolicy policy,
      @ForAll("events") List<Event> events,
      @ForAll @LongRange(min = 0, max = 100_000_000) long laterMillis) {
    ScoreBoard<Integer> board = ScoreBoard.create(policy);
    Instant now = T0;
    for (Event e : events) {
      now = now.plusMillis(e.deltaMillis());
      apply(board, e, now);
    }
    double prior = policy.unknownPeerScore().reliability();
    Instant later = now.plusMillis(laterMillis);
    for (int peer = 0; peer < PEERS; peer++) {
      PeerScore before = board.score(peer, now);
      PeerScore after = board.score(peer, later);
      if (board.find(peer, later).isEmpty()) {
        assertThat(after).isEqualTo(policy.unknownPeerScore());
        continue;
      }
      assertThat(after.behaviour()).isGreaterThanOrEqualTo(before.behaviour() - 1e-12);
      assertThat(Math.abs(after.reliability() - prior))
          .isLessThanOrEqualTo(Math.abs(before.reliability() - prior) + 1e-12);
      assertThat(after.performance()).isEqualTo(before.performance());
    }
  }

  private static void assertWithinBounds(PeerScore s, ScoringPolicy policy) {
    assertThat(s.reliability()).isBetween(0.0, 1.0);
    assertThat(s.performance()).isBetween(0.0, 1.0);
    assertThat(s.behaviour()).isBetween(-1.0, 0.0);
    assertThat(Double.isFinite(s.total())).isTrue();
    assertThat(s.total()).isBetween(policy.minTotal(), policy.maxTotal());
    assertThat(policy.standingOf(s)).isNotNull();
  }

  private static void apply(ScoreBoard<Integer> board, Event e, Instant now) {
    int peer = e.peer();
    double value = e.value();
    switch (e.kind()) {
      case 0 -> board.recordSuccess(peer, now);
      case 1 -> board.recordFailure(peer, now);
      case 2 ->
          board.recordLatency(peer, Duration.ofNanos((long) Math.min(value * 1e6, 7.2e12)), now);
      case 3 -> board.recordThroughput(peer, value, now);
      case 4 -> board.recordMisbehaviour(peer, value, now);
      case 5 -> board.markConnected(peer, now);
      case 6 -> board.markDisconnected(peer, now);
      case 7 -> board.expire(now);
      case 8 -> board.forget(peer);
      default -> board.markAllDisconnected(now);
    }
  }

  @Provide
  Arbitrary<List<Event>> events() {
    Arbitrary<Double> values =
        Arbitraries.oneOf(
            Arbitraries.doubles().between(0, 1e7).ofScale(3),
            Arbitraries.of(0.0, Double.MIN_VALUE, 1e12, 1e15, 1e16, Double.MAX_VALUE));
    Arbitrary<Long> deltas =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-3_600_000L, 3_600_000L), // racing threads, small steps
            Arbitraries.longs().between(0, 100_000_000L)); // up to about 28 h: past retention
    return Combinators.combine(
            Arbitraries.integers().between(0, 9),
            Arbitraries.integers().between(0, PEERS - 1),
            deltas,
            values)
        .as(Event::new)
        .list()
        .ofMaxSize(60);
  }

  @Provide
  Arbitrary<ScoringPolicy> policies() {
    Arbitrary<Double> weight = Arbitraries.doubles().between(0, 10).ofScale(6);
    Arbitrary<Double> prior = Arbitraries.doubles().between(0.01, 100).ofScale(4);
    Arbitrary<Duration> halfLife =
        Arbitraries.longs().between(1, 30L * 24 * 3_600_000).map(Duration::ofMillis);
    Arbitrary<ScoringPolicy> weighted =
        Combinators.combine(weight, weight, weight, prior, prior, halfLife, halfLife, halfLife)
            .as(
                (wr, wp, wb, ps, pf, reliabilityHalfLife, latencyHalfLife, throughputHalfLife) ->
                    ScoringPolicy.builder()
                        .reliabilityWeight(wr + wp == 0 ? 1 : wr)
                        .performanceWeight(wp)
                        .behaviourWeight(wb)
                        .priorSuccesses(ps)
                        .priorFailures(pf)
                        .reliabilityHalfLife(reliabilityHalfLife)
                        .latencyHalfLife(latencyHalfLife)
                        .throughputHalfLife(throughputHalfLife)
                        .build());
    return weighted.flatMap(
        base ->
            Combinators.combine(
                    halfLife,
                    Arbitraries.doubles().between(0, 1).ofScale(4),
                    Arbitraries.doubles().between(0.001, 1e6).ofScale(4),
                    Arbitraries.longs().between(1, 10_000).map(Duration::ofMillis),
                    Arbitraries.doubles().between(1, 1e9),
                    Arbitraries.longs().between(1, 48).map(Duration::ofHours),
                    Arbitraries.integers().between(1, 6))
                .as(
                    (misbehaviourHalfLife,
                        share,
                        scale,
                        refLatency,
                        refThroughput,
                        retention,
                        maxEntries) ->
                        base.toBuilder()
                            .misbehaviourHalfLife(misbehaviourHalfLife)
                            .latencyShare(share)
                            .behaviourPointsScale(scale)
                            .referenceLatency(refLatency)
                            .referenceThroughput(refThroughput)
                            .retention(retention)
                            .maxEntries(maxEntries)
                            .build()));
  }
}
