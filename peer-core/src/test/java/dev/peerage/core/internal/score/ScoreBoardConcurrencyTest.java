package dev.peerage.core.internal.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.score.PeerScore;
import dev.peerage.core.score.ScoreState;
import dev.peerage.core.score.ScoringPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several threads record and read at once. Every event carries the same instant, so nothing decays
 * and the final counters must equal the number of events exactly: a lost update would show as a
 * missing count.
 */
class ScoreBoardConcurrencyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int THREADS = 8;
  private static final int PEERS = 16;
  private static final int EVENTS_PER_THREAD = 6_000;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);

  @AfterEach
  void shutDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static String peerOf(int event) {
    return "p" + (event / 3) % PEERS;
  }

  @Test
  void everyEventIsCountedAndEveryReadIsValid() throws Exception {
    ScoreBoard<String> board = ScoreBoard.create(ScoringPolicy.defaults());
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger invalidReads = new AtomicInteger();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      tasks.add(
          () -> {
            start.await();
            for (int j = 0; j < EVENTS_PER_THREAD; j++) {
              String peer = peerOf(j);
              switch (j % 3) {
                case 0 -> board.recordSuccess(peer, T0);
                case 1 -> board.recordFailure(peer, T0);
                default -> board.recordMisbehaviour(peer, 0.5, T0);
              }
              PeerScore s = board.score(peerOf(j + 1), T0);
              if (!(s.reliability() > 0 && s.reliability() < 1 && s.behaviour() <= 0)) {
                invalidReads.incrementAndGet();
              }
            }
            return null;
          });
    }
    List<Future<Void>> futures = new ArrayList<>();
    for (Callable<Void> task : tasks) {
      futures.add(pool.submit(task));
    }
    start.countDown();
    for (Future<Void> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }

    int[][] expected = new int[PEERS][3];
    for (int j = 0; j < EVENTS_PER_THREAD; j++) {
      expected[(j / 3) % PEERS][j % 3] += THREADS;
    }
    Map<String, ScoreState> states = board.snapshot();
    assertThat(states).hasSize(PEERS);
    for (int p = 0; p < PEERS; p++) {
      ScoreState s = states.get("p" + p);
      assertThat(s.successes()).as("successes of p%d", p).isEqualTo(expected[p][0]);
      assertThat(s.failures()).as("failures of p%d", p).isEqualTo(expected[p][1]);
      assertThat(s.misbehaviourPoints()).as("points of p%d", p).isEqualTo(0.5 * expected[p][2]);
    }
    assertThat(invalidReads).hasValue(0);
    board.checkConsistency();
  }

  @Test
  void concurrentCreationNeverExceedsTheBound() throws Exception {
    int bound = 50;
    ScoreBoard<String> board =
        ScoreBoard.create(ScoringPolicy.defaults().toBuilder().maxEntries(bound).build());
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger largestSeen = new AtomicInteger();
    Future<?> watcher =
        pool.submit(
            () -> {
              while (writing.get()) {
                largestSeen.accumulateAndGet(board.size(), Math::max);
              }
            });
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      writers.add(
          pool.submit(
              () -> {
                start.await();
                for (int j = 0; j < 2_000; j++) {
                  String peer = "t" + thread + "-" + j;
                  Instant now = T0.plusMillis(j);
                  board.recordFailure(peer, now);
                  if (j % 7 == 0) {
                    board.markConnected(peer, now);
                  }
                  if (j % 11 == 0) {
                    board.markDisconnected("t" + thread + "-" + (j - 7), now);
                  }
                  if (j % 101 == 0) {
                    board.expire(now);
                    board.forget("t" + thread + "-" + (j - 3));
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : writers) {
      f.get(60, TimeUnit.SECONDS);
    }
    writing.set(false);
    watcher.get(10, TimeUnit.SECONDS);

    assertThat(largestSeen.get()).isLessThanOrEqualTo(bound);
    assertThat(board.size()).isEqualTo(bound);
    board.checkConsistency();
    long idle = board.snapshot().values().stream().filter(s -> !s.connected()).count();
    assertThat(board.expire(T0.plus(Duration.ofDays(2)))).isEqualTo(idle);
    assertThat(board.size()).isEqualTo(bound - idle);
    board.checkConsistency();
  }
}
