package dev.peerage.core.internal.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.peerage.core.score.PeerScore;
import dev.peerage.core.score.ScoreStanding;
import dev.peerage.core.score.ScoreState;
import dev.peerage.core.score.ScoringPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScoreBoardTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final double EXACT = 1e-9;

  private final ScoringPolicy policy = ScoringPolicy.defaults();
  private ScoreBoard<String> board = ScoreBoard.create(policy);

  @AfterEach
  void boardStaysConsistent() {
    board.checkConsistency();
  }

  private static Instant at(Duration d) {
    return T0.plus(d);
  }

  private ScoreState stateOf(String peer) {
    return board.snapshot().get(peer);
  }

  @Nested
  class Decay {

    @Test
    void aHalfLifeLaterEveryCounterIsHalved() {
      for (int i = 0; i < 8; i++) {
        board.recordSuccess("p", T0);
      }
      for (int i = 0; i < 4; i++) {
        board.recordFailure("p", T0);
      }
      board.recordLatency("p", Duration.ofMillis(50), T0);
      board.recordThroughput("p", 1000, T0);
      board.recordMisbehaviour("p", 10, T0);

      // An event that changes no counter stores the counters decayed to its instant.
      board.markConnected("p", at(Duration.ofHours(1)));
      ScoreState afterOneHour = stateOf("p");
      assertThat(afterOneHour.misbehaviourPoints()).isCloseTo(5.0, within(EXACT));
      assertThat(afterOneHour.latencySampleWeight()).isCloseTo(Math.pow(0.5, 6), within(EXACT));
      assertThat(afterOneHour.throughputSampleWeight()).isCloseTo(Math.pow(0.5, 6), within(EXACT));

      board.markConnected("p", at(Duration.ofHours(6)));
      ScoreState afterSixHours = stateOf("p");
      assertThat(afterSixHours.successes()).isCloseTo(4.0, within(EXACT));
      assertThat(afterSixHours.failures()).isCloseTo(2.0, within(EXACT));
      assertThat(afterSixHours.misbehaviourPoints()).isCloseTo(10.0 / 64, within(EXACT));
      // The averages themselves do not decay; only their resistance to new samples does.
      assertThat(afterSixHours.latencyEwma()).contains(Duration.ofMillis(50));
      assertThat(afterSixHours.throughputEwma()).hasValue(1000.0);
    }

    @Test
    void readingDecaysWithoutWritingAndMatchesTheWrittenDecay() {
      for (int i = 0; i < 8; i++) {
        board.recordSuccess("p", T0);
      }
      board.recordFailure("p", T0);
      Instant later = at(Duration.ofHours(6));
      PeerScore read = board.score("p", later);
      assertThat(read.reliability()).isCloseTo((4.0 + 1) / (4.0 + 0.5 + 2), within(EXACT));
      assertThat(stateOf("p").updatedAt()).isEqualTo(T0); // reads do not write
      board.markConnected("p", later);
      assertThat(board.score("p", later)).isEqualTo(read);
    }

    @Test
    void decayIsTheSameInOneStepOrMany() {
      ScoreBoard<String> stepped = ScoreBoard.create(policy);
      board.recordMisbehaviour("p", 64, T0);
      stepped.recordMisbehaviour("p", 64, T0);
      for (int minute = 1; minute <= 180; minute++) {
        stepped.recordMisbehaviour("p", 0, at(Duration.ofMinutes(minute)));
      }
      Instant end = at(Duration.ofMinutes(180));
      assertThat(stepped.score("p", end).behaviour())
          .isCloseTo(board.score("p", end).behaviour(), within(EXACT))
          .isCloseTo(-0.64 / 8, within(EXACT));
    }

    @Test
    void anInstantBeforeTheLastUpdateDoesNotDecayBackwards() {
      board.recordFailure("p", at(Duration.ofHours(1)));
      board.recordFailure("p", T0); // a racing thread's older instant
      ScoreState s = stateOf("p");
      assertThat(s.failures()).isEqualTo(2.0);
      assertThat(s.updatedAt()).isEqualTo(at(Duration.ofHours(1)));
      assertThat(board.score("p", T0)).isEqualTo(board.score("p", at(Duration.ofHours(1))));
    }
  }

  @Nested
  class Reliability {

    @Test
    void anUnknownPeerHasThePriorScore() {
      assertThat(board.score("nobody", T0)).isEqualTo(PeerScore.NEUTRAL);
      assertThat(board.find("nobody", T0)).isEmpty();
      assertThat(board.standing("nobody", T0)).isEqualTo(ScoreStanding.NEUTRAL);
      assertThat(board.size()).isZero();
    }

    @Test
    void oneResultIsNotDecisive() {
      board.recordFailure("failed-once", T0);
      board.recordSuccess("succeeded-once", T0);
      PeerScore failed = board.score("failed-once", T0);
      assertThat(failed.reliability()).isCloseTo(1.0 / 3, within(EXACT)).isGreaterThan(0.3);
      assertThat(board.standing("failed-once", T0)).isEqualTo(ScoreStanding.NEUTRAL);
      assertThat(board.score("succeeded-once", T0).reliability()).isCloseTo(2.0 / 3, within(EXACT));
      assertThat(board.standing("succeeded-once", T0)).isEqualTo(ScoreStanding.NEUTRAL);
    }

    @Test
    void fiveStraightFailuresMakeANewPeerAvoided() {
      for (int i = 0; i < 5; i++) {
        board.recordFailure("p", T0.plusSeconds(i));
      }
      assertThat(board.standing("p", T0.plusSeconds(5))).isEqualTo(ScoreStanding.AVOIDED);
    }

    @Test
    void manyFailuresDriveReliabilityTowardZero() {
      for (int i = 0; i < 1000; i++) {
        board.recordFailure("p", T0);
      }
      assertThat(board.score("p", T0).reliability()).isCloseTo(1.0 / 1002, within(EXACT));
      assertThat(board.score("p", T0).reliability()).isLessThan(0.001);
    }

    @Test
    void manySuccessesDriveItTowardOneButNeverThere() {
      for (int i = 0; i < 1000; i++) {
        board.recordSuccess("p", T0);
      }
      assertThat(board.score("p", T0).reliability()).isCloseTo(1001.0 / 1002, within(EXACT));
      assertThat(board.score("p", T0).reliability()).isLessThan(1.0);
    }

    @Test
    void oldFailuresFadeBackToThePrior() {
      for (int i = 0; i < 20; i++) {
        board.recordFailure("p", T0);
      }
      board.markConnected("p", T0); // keep it from expiring
      assertThat(board.score("p", T0).reliability()).isLessThan(0.05);
      PeerScore muchLater = board.score("p", at(Duration.ofDays(10)));
      assertThat(muchLater.reliability()).isCloseTo(0.5, within(1e-4));
    }
  }

  @Nested
  class Performance {

    @Test
    void theFirstLatencySampleIsTakenAsIs() {
      board.recordLatency("p", Duration.ofMillis(100), T0);
      assertThat(stateOf("p").latencyEwma()).contains(Duration.ofMillis(100));
      assertThat(board.score("p", T0).performance()).isCloseTo(0.5, within(EXACT));
    }

    @Test
    void samplesAtTheSameInstantAreAveraged() {
      board.recordLatency("p", Duration.ofMillis(100), T0);
      board.recordLatency("p", Duration.ofMillis(300), T0);
      assertThat(stateOf("p").latencyEwma()).contains(Duration.ofMillis(200));
    }

    @Test
    void anOlderSampleWeighsHalfAfterOneHalfLife() {
      board.recordLatency("p", Duration.ofMillis(100), T0);
      board.recordLatency("p", Duration.ofMillis(300), at(Duration.ofMinutes(10)));
      // (0.5 * 100 + 1 * 300) / 1.5
      assertThat(stateOf("p").latencyEwma().orElseThrow().toNanos())
          .isCloseTo(233_333_333L, within(1L));
    }

    @Test
    void latencyAverageConvergesToANewLevel() {
      for (int i = 0; i < 50; i++) {
        board.recordLatency("p", Duration.ofMillis(400), T0.plusSeconds(15L * i));
      }
      Instant start = T0.plusSeconds(15L * 50);
      for (int i = 0; i < 480; i++) { // two hours of pings every 15 s
        board.recordLatency("p", Duration.ofMillis(20), start.plusSeconds(15L * i));
      }
      Duration ewma = stateOf("p").latencyEwma().orElseThrow();
      assertThat(ewma).isBetween(Duration.ofMillis(20), Duration.ofMillis(21));
      assertThat(board.score("p", start.plusSeconds(15L * 480)).performance())
          .isCloseTo(100.0 / 120, within(0.01));
    }

    @Test
    void fasterPeersScoreHigherOnLatency() {
      board.recordLatency("near", Duration.ofMillis(10), T0);
      board.recordLatency("far", Duration.ofMillis(900), T0);
      board.recordLatency("instant", Duration.ZERO, T0);
      assertThat(board.score("near", T0).performance()).isCloseTo(100.0 / 110, within(EXACT));
      assertThat(board.score("far", T0).performance()).isCloseTo(0.1, within(EXACT));
      assertThat(board.score("instant", T0).performance()).isEqualTo(1.0);
    }

    @Test
    void throughputScoresHalfAtTheReferenceAndRisesWithSpeed() {
      board.recordThroughput("ref", 1_000_000, T0);
      board.recordThroughput("fast", 3_000_000, T0);
      board.recordThroughput("idle", 0, T0);
      assertThat(board.score("ref", T0).performance()).isCloseTo(0.5, within(EXACT));
      assertThat(board.score("fast", T0).performance()).isCloseTo(0.75, within(EXACT));
      assertThat(board.score("idle", T0).performance()).isZero();
      assertThat(stateOf("idle").throughputEwma()).hasValue(0.0);
    }

    @Test
    void throughputAverageConverges() {
      board.recordThroughput("p", 10_000, T0);
      for (int i = 1; i <= 600; i++) { // five hours, 30 half-lives
        board.recordThroughput("p", 2_000_000, T0.plusSeconds(30L * i));
      }
      assertThat(stateOf("p").throughputEwma().orElseThrow()).isCloseTo(2_000_000, within(1.0));
    }

    @Test
    void latencyAndThroughputMixByTheLatencyShare() {
      board.recordLatency("p", Duration.ofMillis(100), T0); // 0.5
      board.recordThroughput("p", 3_000_000, T0); // 0.75
      assertThat(board.score("p", T0).performance()).isCloseTo(0.625, within(EXACT));

      ScoreBoard<String> latencyOnly =
          ScoreBoard.create(policy.toBuilder().latencyShare(1.0).build());
      latencyOnly.recordLatency("p", Duration.ofMillis(100), T0);
      latencyOnly.recordThroughput("p", 3_000_000, T0);
      assertThat(latencyOnly.score("p", T0).performance()).isCloseTo(0.5, within(EXACT));
    }

    @Test
    void hugeMeasurementsAreCappedNotOverflowed() {
      board.recordLatency("slow", Duration.ofDays(365_000), T0);
      board.recordThroughput("fast", Double.MAX_VALUE, T0);
      board.recordThroughput("fast", Double.MAX_VALUE, T0);
      assertThat(stateOf("slow").latencyEwma()).contains(ScoreState.MAX_LATENCY);
      assertThat(stateOf("fast").throughputEwma()).hasValue(ScoreState.MAX_THROUGHPUT);
      assertThat(board.score("fast", T0).performance()).isGreaterThan(0.99);
      assertThat(board.score("slow", T0).performance()).isLessThan(0.001);
    }
  }

  @Nested
  class Behaviour {

    @Test
    void pointsMakeAProportionalPenaltyWithAFloor() {
      board.recordMisbehaviour("some", 25, T0);
      board.recordMisbehaviour("lots", 500, T0);
      assertThat(board.score("some", T0).behaviour()).isCloseTo(-0.25, within(EXACT));
      assertThat(board.score("lots", T0).behaviour()).isEqualTo(-1.0);
    }

    @Test
    void penaltyDecaysBackTowardZero() {
      board.recordMisbehaviour("p", 80, T0);
      assertThat(board.score("p", at(Duration.ofHours(1))).behaviour())
          .isCloseTo(-0.4, within(EXACT));
      assertThat(board.score("p", at(Duration.ofHours(2))).behaviour())
          .isCloseTo(-0.2, within(EXACT));
      assertThat(board.score("p", at(Duration.ofHours(12))).behaviour())
          .isCloseTo(0.0, within(1e-3));
    }

    @Test
    void theFullPenaltyMakesEvenAGoodPeerEvictable() {
      for (int i = 0; i < 100; i++) {
        board.recordSuccess("p", T0);
      }
      board.recordLatency("p", Duration.ZERO, T0);
      board.recordMisbehaviour("p", 100, T0);
      assertThat(board.score("p", T0).total()).isNegative();
      assertThat(board.standing("p", T0)).isEqualTo(ScoreStanding.EVICTABLE);
    }

    @Test
    void pointsSaturateInsteadOfOverflowing() {
      board.recordMisbehaviour("p", Double.MAX_VALUE, T0);
      board.recordMisbehaviour("p", Double.MAX_VALUE, T0);
      assertThat(stateOf("p").misbehaviourPoints()).isEqualTo(ScoreState.MAX_MISBEHAVIOUR_POINTS);
      assertThat(board.score("p", T0).total()).isEqualTo(policy.combine(0.5, 0.5, -1).total());
    }
  }

  @Nested
  class Ordering {

    private void makeReliableAndFast(String peer) {
      for (int i = 0; i < 20; i++) {
        board.recordSuccess(peer, T0);
      }
      board.recordLatency(peer, Duration.ofMillis(20), T0);
    }

    @Test
    void reliableFastPeersOutrankUnknownFlakyAndMisbehavingOnes() {
      makeReliableAndFast("good");
      for (int i = 0; i < 10; i++) {
        board.recordSuccess("flaky", T0);
        board.recordFailure("flaky", T0);
      }
      board.recordLatency("flaky", Duration.ofMillis(300), T0);
      makeReliableAndFast("rude");
      board.recordMisbehaviour("rude", 80, T0);

      List<String> candidates = List.of("rude", "flaky", "unknown", "good");
      assertThat(board.best(candidates, Function.identity(), 10, T0))
          .containsExactly("good", "unknown", "flaky", "rude");
      assertThat(board.worst(candidates, Function.identity(), 1, T0)).containsExactly("rude");
      assertThat(board.standing("good", T0)).isEqualTo(ScoreStanding.PREFERRED);
      assertThat(board.standing("rude", T0)).isEqualTo(ScoreStanding.AVOIDED);

      List<String> sorted = new ArrayList<>(candidates);
      sorted.sort(board.byScoreDescending(T0));
      assertThat(sorted).containsExactly("good", "unknown", "flaky", "rude");
    }

    @Test
    void bestReturnsTheTopNOfCandidatesMappedToKeys() {
      record Candidate(String address, int port) {}
      makeReliableAndFast("b");
      board.recordFailure("c", T0);
      List<Candidate> candidates =
          List.of(new Candidate("c", 1), new Candidate("a", 2), new Candidate("b", 3));
      assertThat(board.best(candidates, Candidate::address, 2, T0))
          .extracting(Candidate::address)
          .containsExactly("b", "a");
      assertThat(board.best(candidates, Candidate::address, 0, T0)).isEmpty();
      assertThat(board.best(List.of(), Candidate::address, 5, T0)).isEmpty();
    }

    @Test
    void equalScoresAreRankedByKeyOrder() {
      List<String> unknown = List.of("d", "b", "a", "c");
      assertThat(board.best(unknown, Function.identity(), 4, T0))
          .containsExactly("a", "b", "c", "d");
      assertThat(board.worst(unknown, Function.identity(), 4, T0))
          .containsExactly("d", "c", "b", "a");
      List<String> sorted = new ArrayList<>(unknown);
      sorted.sort(board.byScoreDescending(T0));
      assertThat(sorted).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aGivenKeyOrderBreaksTiesForKeysWithoutNaturalOrder() {
      record Key(String name) {}
      ScoreBoard<Key> byName =
          ScoreBoard.create(policy, Comparator.comparing(Key::name).reversed());
      List<Key> keys = List.of(new Key("x"), new Key("z"), new Key("y"));
      assertThat(byName.best(keys, Function.identity(), 3, T0))
          .extracting(Key::name)
          .containsExactly("z", "y", "x");
    }

    @Test
    void bestKeepsInputOrderForCandidatesSharingAKey() {
      record Address(String node, int port) {}
      List<Address> addresses = List.of(new Address("n", 2), new Address("n", 1));
      assertThat(board.best(addresses, Address::node, 2, T0)).containsExactlyElementsOf(addresses);
    }

    @Test
    void theComparatorStaysConsistentWhileScoresChange() {
      Comparator<String> order = board.byScoreDescending(T0);
      assertThat(order.compare("a", "b")).isNegative(); // both unknown: key order
      for (int i = 0; i < 10; i++) {
        board.recordSuccess("b", T0);
      }
      assertThat(order.compare("a", "b")).isNegative(); // remembered, not re-read mid-sort
      assertThat(board.byScoreDescending(T0).compare("a", "b")).isPositive();
    }

    @Test
    void badArgumentsAreRejected() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> board.best(List.of("a"), Function.identity(), -1, T0))
          .withMessage("limit must be >= 0, was -1");
      List<String> withNull = new ArrayList<>();
      withNull.add(null);
      assertThatNullPointerException()
          .isThrownBy(() -> board.best(withNull, Function.identity(), 1, T0))
          .withMessage("candidates must not contain null");
      assertThatNullPointerException()
          .isThrownBy(() -> board.best(List.of("a"), s -> null, 1, T0))
          .withMessage("key returned null for candidate a");
    }
  }

  @Nested
  class Retention {

    @Test
    void aScoreSurvivesDisconnectAndReconnectWithinRetention() {
      board.markConnected("p", T0);
      for (int i = 0; i < 5; i++) {
        board.recordFailure("p", T0);
      }
      board.markDisconnected("p", T0);
      PeerScore before = board.score("p", T0);

      Instant back = at(Duration.ofHours(23));
      assertThat(board.expire(back)).isZero();
      board.markConnected("p", back);
      PeerScore after = board.score("p", back);
      assertThat(after.reliability()).isLessThan(0.5); // not reset to the prior
      assertThat(after.reliability())
          .isCloseTo((1.0) / (5 * Math.pow(0.5, 23.0 / 6) + 2), within(EXACT))
          .isGreaterThan(before.reliability());
      assertThat(stateOf("p").connected()).isTrue();
      assertThat(stateOf("p").disconnectedAt()).isEmpty();
    }

    @Test
    void aDisconnectedScoreIsGoneAfterRetention() {
      board.recordFailure("p", T0);
      board.markDisconnected("p", T0);
      assertThat(stateOf("p").disconnectedAt()).contains(T0);
      Instant justBefore = at(Duration.ofHours(24).minusNanos(1));
      Instant expiry = at(Duration.ofHours(24));
      assertThat(board.find("p", justBefore)).isPresent();
      assertThat(board.expire(justBefore)).isZero();
      assertThat(board.find("p", expiry)).isEmpty(); // reads as gone before it is swept
      assertThat(board.score("p", expiry)).isEqualTo(PeerScore.NEUTRAL);
      assertThat(board.size()).isOne();
      assertThat(board.expire(expiry)).isOne();
      assertThat(board.size()).isZero();
    }

    @Test
    void anExpiredButUnsweptEntryStartsFreshOnItsNextEvent() {
      for (int i = 0; i < 5; i++) {
        board.recordFailure("p", T0);
      }
      Instant later = at(Duration.ofHours(25));
      board.recordSuccess("p", later);
      assertThat(board.score("p", later).reliability()).isCloseTo(2.0 / 3, within(EXACT));
      assertThat(stateOf("p").failures()).isZero();
    }

    @Test
    void connectedPeersNeverExpire() {
      board.markConnected("p", T0);
      Instant yearLater = at(Duration.ofDays(365));
      assertThat(board.expire(yearLater)).isZero();
      assertThat(board.find("p", yearLater)).isPresent();
    }

    @Test
    void eventsOnANeverConnectedPeerExtendItsRetention() {
      board.recordFailure("dialled", T0);
      board.recordFailure("dialled", at(Duration.ofHours(20)));
      assertThat(board.expire(at(Duration.ofHours(30)))).isZero();
      assertThat(board.find("dialled", at(Duration.ofHours(43)))).isPresent();
      assertThat(board.expire(at(Duration.ofHours(44)))).isOne();
    }

    @Test
    void expireRemovesOnlyWhatIsDue() {
      for (int h = 0; h < 10; h++) {
        board.recordFailure("p" + h, at(Duration.ofHours(h)));
      }
      board.markConnected("p0", T0);
      assertThat(board.expire(at(Duration.ofHours(24 + 4)))).isEqualTo(4); // p1..p4
      assertThat(board.snapshot().keySet())
          .containsExactlyInAnyOrder("p0", "p5", "p6", "p7", "p8", "p9");
    }

    @Test
    void markAllDisconnectedStartsEveryonesRetention() {
      board.markConnected("a", T0);
      board.markConnected("b", T0);
      board.recordFailure("c", T0);
      assertThat(board.markAllDisconnected(at(Duration.ofHours(1)))).isEqualTo(2);
      assertThat(stateOf("a").disconnectedAt()).contains(at(Duration.ofHours(1)));
      assertThat(stateOf("c").disconnectedAt()).isEmpty();
      assertThat(board.expire(at(Duration.ofHours(25)))).isEqualTo(3);
    }

    @Test
    void forgetDropsAnEntryAtOnce() {
      board.markConnected("p", T0);
      board.recordFailure("p", T0);
      board.forget("p");
      assertThat(board.find("p", T0)).isEmpty();
      assertThat(board.size()).isZero();
      board.forget("never-seen");
    }
  }

  @Nested
  class Bound {

    private final ScoringPolicy small = policy.toBuilder().maxEntries(100).build();

    @Test
    void holdsUnderTenTimesTheBoundAndKeepsTheMostRecentlyActive() {
      board = ScoreBoard.create(small);
      for (int i = 0; i < 1000; i++) {
        board.recordFailure("p" + i, T0.plusSeconds(i));
        assertThat(board.size()).isLessThanOrEqualTo(100);
      }
      assertThat(board.size()).isEqualTo(100);
      assertThat(board.snapshot().keySet()).allMatch(k -> Integer.parseInt(k.substring(1)) >= 900);
    }

    @Test
    void evictsDisconnectedPeersBeforeConnectedOnes() {
      board = ScoreBoard.create(small);
      for (int i = 0; i < 10; i++) {
        board.markConnected("connected" + i, T0);
      }
      for (int i = 0; i < 1000; i++) {
        board.recordSuccess("cached" + i, T0.plusSeconds(i));
      }
      assertThat(board.size()).isEqualTo(100);
      for (int i = 0; i < 10; i++) {
        assertThat(board.find("connected" + i, T0.plusSeconds(1000))).isPresent();
      }
    }

    @Test
    void evictsTheOldestDisconnectFirst() {
      board = ScoreBoard.create(policy.toBuilder().maxEntries(3).build());
      board.markConnected("a", T0);
      board.markConnected("b", T0);
      board.markConnected("c", T0);
      board.markDisconnected("b", T0.plusSeconds(1));
      board.markDisconnected("a", T0.plusSeconds(2));
      board.recordSuccess("d", T0.plusSeconds(3));
      assertThat(board.snapshot().keySet()).containsExactlyInAnyOrder("a", "c", "d");
    }

    @Test
    void whenAllAreConnectedTheLowestScoredGoes() {
      board = ScoreBoard.create(policy.toBuilder().maxEntries(3).build());
      for (String p : List.of("a", "b", "c")) {
        board.markConnected(p, T0);
      }
      board.recordSuccess("a", T0);
      board.recordMisbehaviour("b", 50, T0);
      board.recordFailure("c", T0);
      board.markConnected("d", T0);
      assertThat(board.snapshot().keySet()).containsExactlyInAnyOrder("a", "c", "d");
      board.markConnected("e", T0); // c (failed once) now ranks last
      assertThat(board.snapshot().keySet()).containsExactlyInAnyOrder("a", "d", "e");
      assertThat(board.size()).isEqualTo(3);
    }

    @Test
    void aBoundOfOneKeepsOnlyTheLatestPeer() {
      board = ScoreBoard.create(policy.toBuilder().maxEntries(1).build());
      board.markConnected("a", T0);
      board.markConnected("b", T0);
      assertThat(board.snapshot().keySet()).containsExactly("b");
    }
  }

  @Nested
  class Persistence {

    private void fill(ScoreBoard<String> b) {
      b.markConnected("connected", T0);
      b.recordSuccess("connected", T0);
      b.recordLatency("connected", Duration.ofMillis(37), T0.plusSeconds(10));
      b.recordThroughput("connected", 123_456.7, T0.plusSeconds(20));
      for (int i = 0; i < 7; i++) {
        b.recordFailure("flaky", T0.plusSeconds(i * 60L));
        b.recordSuccess("flaky", T0.plusSeconds(i * 90L));
      }
      b.markDisconnected("flaky", T0.plusSeconds(600));
      b.recordMisbehaviour("rude", 33.3, T0.plusSeconds(5));
      b.recordLatency("rude", Duration.ofNanos(123_456_789), T0.plusSeconds(6));
    }

    @Test
    void snapshotAndRestoreGiveIdenticalScoresAtTheSameInstants() {
      fill(board);
      Map<String, ScoreState> snapshot = board.snapshot();
      ScoreBoard<String> restored = ScoreBoard.create(policy);
      restored.restore(snapshot);
      restored.checkConsistency();
      assertThat(restored.snapshot()).isEqualTo(snapshot);
      for (Duration d :
          List.of(
              Duration.ZERO, Duration.ofMinutes(7), Duration.ofHours(5), Duration.ofHours(30))) {
        for (String peer : List.of("connected", "flaky", "rude", "unknown")) {
          assertThat(restored.find(peer, at(d))).isEqualTo(board.find(peer, at(d)));
        }
      }
      List<String> all = List.of("unknown", "rude", "flaky", "connected");
      assertThat(restored.best(all, Function.identity(), 4, T0))
          .isEqualTo(board.best(all, Function.identity(), 4, T0));
    }

    @Test
    void restoredStatesGoOnDecayingAndExpiring() {
      fill(board);
      ScoreBoard<String> restored = ScoreBoard.create(policy);
      restored.restore(board.snapshot());
      Instant later = at(Duration.ofHours(3));
      board.recordFailure("flaky", later);
      restored.recordFailure("flaky", later);
      assertThat(restored.score("flaky", later)).isEqualTo(board.score("flaky", later));
      assertThat(restored.expire(at(Duration.ofHours(30))))
          .isEqualTo(board.expire(at(Duration.ofHours(30))));
    }

    @Test
    void restoreReplacesTheContent() {
      board.recordFailure("old", T0);
      Map<String, ScoreState> states = Map.of("new", ScoreState.initial(T0));
      board.restore(states);
      assertThat(board.snapshot()).isEqualTo(states);
    }

    @Test
    void restoreKeepsConnectedThenMostRecentWhenOverTheBound() {
      board = ScoreBoard.create(policy.toBuilder().maxEntries(3).build());
      Map<String, ScoreState> states = new HashMap<>();
      for (int i = 0; i < 5; i++) {
        states.put("idle" + i, ScoreState.initial(T0.plusSeconds(i)));
      }
      states.put(
          "live",
          new ScoreState(
              0, 0, Optional.empty(), 0, OptionalDouble.empty(), 0, 0, T0, true, Optional.empty()));
      board.restore(states);
      assertThat(board.snapshot().keySet()).containsExactlyInAnyOrder("live", "idle4", "idle3");
    }

    @Test
    void restoreRejectsNullKeysAndValuesWithoutChangingTheBoard() {
      board.recordFailure("kept", T0);
      Map<String, ScoreState> nullValue = new HashMap<>();
      nullValue.put("p", null);
      assertThatNullPointerException()
          .isThrownBy(() -> board.restore(nullValue))
          .withMessage("states must not map p to null");
      Map<String, ScoreState> nullKey = new HashMap<>();
      nullKey.put(null, ScoreState.initial(T0));
      assertThatNullPointerException()
          .isThrownBy(() -> board.restore(nullKey))
          .withMessage("states must not contain a null key");
      assertThat(board.snapshot()).containsOnlyKeys("kept");
    }

    @Test
    void snapshotIsAnImmutableCopy() {
      board.recordFailure("p", T0);
      Map<String, ScoreState> snapshot = board.snapshot();
      board.recordFailure("q", T0);
      assertThat(snapshot).containsOnlyKeys("p");
      assertThatThrownBy(snapshot::clear).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class InputValidation {

    @Test
    void rejectsNegativeOrNonFiniteMeasurementsNamingTheValue() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> board.recordLatency("p", Duration.ofMillis(-5), T0))
          .withMessage("latency must not be negative, was PT-0.005S");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> board.recordThroughput("p", -1, T0))
          .withMessage("bytesPerSecond must be a finite number >= 0, was -1.0");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> board.recordThroughput("p", Double.NaN, T0))
          .withMessage("bytesPerSecond must be a finite number >= 0, was NaN");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> board.recordThroughput("p", Double.POSITIVE_INFINITY, T0))
          .withMessage("bytesPerSecond must be a finite number >= 0, was Infinity");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> board.recordMisbehaviour("p", -3, T0))
          .withMessage("points must be a finite number >= 0, was -3.0");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> board.recordMisbehaviour("p", Double.NaN, T0))
          .withMessage("points must be a finite number >= 0, was NaN");
      assertThat(board.size()).isZero(); // nothing was recorded
    }

    @Test
    void rejectsNulls() {
      assertThatNullPointerException()
          .isThrownBy(() -> board.recordSuccess(null, T0))
          .withMessage("peer");
      assertThatNullPointerException()
          .isThrownBy(() -> board.recordFailure("p", null))
          .withMessage("now");
      assertThatNullPointerException()
          .isThrownBy(() -> board.recordLatency("p", null, T0))
          .withMessage("latency");
      assertThatNullPointerException().isThrownBy(() -> board.score(null, T0)).withMessage("peer");
      assertThatNullPointerException().isThrownBy(() -> board.expire(null)).withMessage("now");
      assertThatNullPointerException().isThrownBy(() -> board.restore(null)).withMessage("states");
      assertThatNullPointerException()
          .isThrownBy(() -> ScoreBoard.<String>create(null))
          .withMessage("policy");
      assertThatNullPointerException()
          .isThrownBy(() -> ScoreBoard.<String>create(policy, null))
          .withMessage("keyOrder");
      assertThat(board.size()).isZero();
    }

    @Test
    void extremeInstantsDoNotOverflow() {
      board.recordFailure("p", Instant.MIN);
      assertThat(board.score("p", Instant.MAX)).isEqualTo(PeerScore.NEUTRAL);
      board.markConnected("p", Instant.MIN);
      assertThat(board.score("p", Instant.MAX).reliability()).isEqualTo(0.5);
      assertThat(board.expire(Instant.MAX)).isZero();
      board.markDisconnected("p", Instant.MIN);
      assertThat(board.expire(Instant.MAX)).isOne();
    }

    @Test
    void describesItself() {
      board.recordFailure("p", T0);
      assertThat(board).hasToString("ScoreBoard{entries=1, maxEntries=100000}");
      assertThat(board.policy()).isSameAs(policy);
    }
  }
}
