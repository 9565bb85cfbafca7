package dev.peerage.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final VirtualTime time = new VirtualTime(T0);
  private final List<String> log = new ArrayList<>();

  private Runnable record(String name) {
    return () -> log.add(name + "@" + Duration.between(T0, time.instant()).toMillis());
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  void startsAtTheGivenInstantWithNothingPending() {
    assertThat(time.instant()).isEqualTo(T0);
    assertThat(time.millis()).isEqualTo(T0.toEpochMilli());
    assertThat(time.pendingTasks()).isZero();
    assertThat(time.nextDueTime()).isEmpty();
  }

  @Test
  void runsTasksInDueOrderAndFifoAmongEqualTimesWithTheClockAtEachDueTime() {
    time.schedule(record("c"), ms(30));
    time.schedule(record("a1"), ms(10));
    time.schedule(record("b"), ms(20));
    time.schedule(record("a2"), ms(10));
    time.schedule(record("a3"), ms(10));

    time.advance(ms(100));

    assertThat(log).containsExactly("a1@10", "a2@10", "a3@10", "b@20", "c@30");
    assertThat(time.instant()).isEqualTo(T0.plusMillis(100));
  }

  @Test
  void theWindowEndIsInclusiveAndLaterTasksWait() {
    time.schedule(record("edge"), ms(50));
    time.schedule(record("later"), ms(51));

    time.advance(ms(49));
    assertThat(log).isEmpty();
    time.advance(ms(1));
    assertThat(log).containsExactly("edge@50");
    assertThat(time.pendingTasks()).isEqualTo(1);
    assertThat(time.nextDueTime()).contains(T0.plusMillis(51));
  }

  @Test
  void tasksScheduledByTasksRunInTheSameWindowWhenDue() {
    time.schedule(() -> {
      log.add("outer@" + Duration.between(T0, time.instant()).toMillis());
      time.schedule(record("inner"), ms(5));
      time.schedule(record("zero"), Duration.ZERO);
      time.schedule(record("beyond"), ms(100));
    }, ms(10));
    time.schedule(record("sameInstant"), ms(10));

    time.advance(ms(20));

    // The zero-delay task runs at its instant, after the task already due there.
    assertThat(log).containsExactly("outer@10", "sameInstant@10", "zero@10", "inner@15");
    assertThat(time.pendingTasks()).isEqualTo(1);
    assertThat(time.nextDueTime()).contains(T0.plusMillis(110));
  }

  @Test
  void advanceToMovesToTheTargetAndRejectsThePast() {
    time.schedule(record("x"), ms(5));
    time.advanceTo(T0.plusSeconds(1));
    assertThat(log).containsExactly("x@5");
    assertThat(time.instant()).isEqualTo(T0.plusSeconds(1));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> time.advanceTo(T0))
        .withMessageContaining(T0.toString())
        .withMessageContaining("before the current instant");
  }

  @Test
  void cancelPreventsARunOnceAndOnlyBeforeItStarts() {
    Scheduler.Cancellable a = time.schedule(record("a"), ms(10));
    Scheduler.Cancellable b = time.schedule(record("b"), ms(10));

    assertThat(a.cancel()).isTrue();
    assertThat(a.cancel()).isFalse();
    assertThat(time.pendingTasks()).isEqualTo(1);

    time.advance(ms(10));
    assertThat(log).containsExactly("b@10");
    assertThat(b.cancel()).isFalse();
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void aTaskMayCancelALaterTaskAtTheSameInstant() {
    List<Scheduler.Cancellable> victim = new ArrayList<>();
    time.schedule(() -> victim.get(0).cancel(), ms(10));
    victim.add(time.schedule(record("victim"), ms(10)));

    time.advance(ms(10));

    assertThat(log).isEmpty();
  }

  @Test
  void nextDueTimeSkipsCancelledTasks() {
    Scheduler.Cancellable first = time.schedule(record("first"), ms(1));
    time.schedule(record("second"), ms(2));
    first.cancel();
    assertThat(time.nextDueTime()).contains(T0.plusMillis(2));
  }

  @Test
  void manyCancellationsLeaveOnlyTheLiveTasks() {
    List<Scheduler.Cancellable> handles = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      int n = i;
      handles.add(time.schedule(() -> log.add("t" + n), ms(1 + i % 100)));
    }
    for (int i = 0; i < 10_000; i++) {
      if (i % 10 != 0) {
        assertThat(handles.get(i).cancel()).isTrue();
      }
    }
    assertThat(time.pendingTasks()).isEqualTo(1_000);
    time.advance(ms(100));
    assertThat(log).hasSize(1_000).allMatch(name -> Integer.parseInt(name.substring(1)) % 10 == 0);
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void runDueRunsWhatIsDueNowIncludingZeroDelayFollowUpsWithoutMovingTheClock() {
    time.schedule(() -> {
      log.add("first");
      time.schedule(() -> log.add("followUp"), Duration.ZERO);
    }, Duration.ZERO);
    time.schedule(record("future"), ms(1));

    assertThat(time.runDue()).isEqualTo(2);
    assertThat(log).containsExactly("first", "followUp");
    assertThat(time.instant()).isEqualTo(T0);
    assertThat(time.runDue()).isZero();
  }

  @Test
  void theExecutorRunsCommandsAsZeroDelayTasks() {
    time.executor().execute(() -> log.add("listener"));

    assertThat(log).isEmpty();
    assertThat(time.pendingTasks()).isEqualTo(1);
    assertThat(time.runDue()).isEqualTo(1);
    assertThat(log).containsExactly("listener");
    assertThat(time.executor()).isSameAs(time.executor());
  }

  @Test
  void rejectsNegativeDelaysAndDurationsNamingThem() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> time.schedule(() -> { }, ms(-1)))
        .withMessage("delay must be zero or positive, was PT-0.001S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> time.advance(ms(-5)))
        .withMessageContaining("duration")
        .withMessageContaining("PT-0.005S");
  }

  @Test
  void aHugeDelayWaitsInsteadOfOverflowing() {
    time.advance(Duration.ofDays(1));
    time.schedule(record("never"), Duration.ofDays(365L * 1000));
    time.advance(Duration.ofDays(365L * 100));
    assertThat(log).isEmpty();
    assertThat(time.pendingTasks()).isEqualTo(1);
  }

  @Test
  void aThrowingTaskDoesNotStopTheWindowAndFailsTheCallAtTheEnd() {
    AssertionError first = new AssertionError("first");
    time.schedule(() -> {
      throw first;
    }, ms(10));
    time.schedule(record("after"), ms(20));
    time.schedule(() -> {
      throw new IllegalArgumentException("second");
    }, ms(30));

    assertThatThrownBy(() -> time.advance(ms(100)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 of 3 tasks failed")
        .hasCause(first)
        .satisfies(e -> assertThat(e.getCause().getSuppressed())
            .singleElement()
            .satisfies(s -> assertThat(s).hasMessage("second")));
    assertThat(log).containsExactly("after@20");
    assertThat(time.instant()).isEqualTo(T0.plusMillis(100));
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void runDueAlsoReportsAThrowingTask() {
    time.schedule(() -> {
      throw new IllegalStateException("boom");
    }, Duration.ZERO);
    time.schedule(record("ok"), Duration.ZERO);

    assertThatThrownBy(time::runDue)
        .isInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("boom");
    assertThat(log).containsExactly("ok@0");
  }

  @Test
  void aTaskThatReschedulesItselfForeverAtOneInstantFailsLoudly() {
    Runnable[] loop = new Runnable[1];
    AtomicInteger runs = new AtomicInteger();
    loop[0] = () -> {
      runs.incrementAndGet();
      time.schedule(loop[0], Duration.ZERO);
    };
    time.schedule(loop[0], ms(7));

    assertThatThrownBy(() -> time.advance(ms(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("more than " + VirtualTime.MAX_TASKS_PER_INSTANT)
        .hasMessageContaining(T0.plusMillis(7).toString());
    assertThat(runs).hasValue(VirtualTime.MAX_TASKS_PER_INSTANT);
    assertThat(time.instant()).isEqualTo(T0.plusMillis(7));
  }

  @Test
  void aPeriodicTaskIsNotARunaway() {
    AtomicInteger ticks = new AtomicInteger();
    Runnable[] tick = new Runnable[1];
    tick[0] = () -> {
      ticks.incrementAndGet();
      time.schedule(tick[0], Duration.ofSeconds(1));
    };
    time.schedule(tick[0], Duration.ofSeconds(1));

    time.advance(Duration.ofHours(10));

    assertThat(ticks).hasValue(36_000);
  }

  @Test
  void aTaskCannotAdvanceItsOwnClock() {
    time.schedule(() -> time.advance(ms(1)), ms(1));

    assertThatThrownBy(() -> time.advance(ms(5)))
        .isInstanceOf(IllegalStateException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only the caller of advance or runDue may move time");
    assertThat(time.instant()).isEqualTo(T0.plusMillis(5));
  }

  @Test
  void rejectsAStartWithNoRoomToRun() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new VirtualTime(Instant.MAX.minusSeconds(10)))
        .withMessageContaining("292 years");
  }

  @Test
  void tasksScheduledFromManyThreadsAllRunOnce() throws InterruptedException {
    int threads = 4;
    int perThread = 2_500;
    AtomicInteger ran = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch done = new CountDownLatch(threads);
    try {
      for (int t = 0; t < threads; t++) {
        pool.execute(() -> {
          for (int i = 0; i < perThread; i++) {
            Scheduler.Cancellable c = time.schedule(ran::incrementAndGet, ms(i % 50));
            if (i % 5 == 0) {
              c.cancel();
            }
          }
          done.countDown();
        });
      }
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdown();
    }
    assertThat(time.pendingTasks()).isEqualTo(threads * perThread * 4 / 5);
    time.advance(ms(50));
    assertThat(ran).hasValue(threads * perThread * 4 / 5);
  }

  /**
   * Random schedules, cancels and advances run tasks exactly as a plain model says: every live task
   * due within the advanced time, ordered by due time then scheduling order, each at its due time.
   */
  @Property(tries = 200)
  void runOrderMatchesASortedModel(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int operations) {
    VirtualTime clock = new VirtualTime(T0);
    Random random = new Random(seed);
    record Planned(int id, long dueNanos, int sequence, Scheduler.Cancellable handle) {}
    List<Planned> live = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    long nowNanos = 0;
    int sequence = 0;
    for (int op = 0; op < operations; op++) {
      int choice = random.nextInt(10);
      if (choice < 6) {
        long delay = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000);
        int id = op;
        Scheduler.Cancellable handle = clock.schedule(
            () -> actual.add(id + "@" + Duration.between(T0, clock.instant()).toNanos()),
            Duration.ofNanos(delay));
        live.add(new Planned(id, nowNanos + delay, sequence++, handle));
      } else if (choice < 8 && !live.isEmpty()) {
        Planned victim = live.remove(random.nextInt(live.size()));
        assertThat(victim.handle().cancel()).isTrue();
      } else {
        long step = random.nextInt(500);
        long target = nowNanos + step;
        List<Planned> due = new ArrayList<>();
        for (Planned p : live) {
          if (p.dueNanos() <= target) {
            due.add(p);
          }
        }
        due.sort(Comparator.comparingLong(Planned::dueNanos).thenComparingInt(Planned::sequence));
        due.forEach(p -> expected.add(p.id() + "@" + p.dueNanos()));
        live.removeAll(due);
        clock.advance(Duration.ofNanos(step));
        nowNanos = target;
      }
      assertThat(clock.pendingTasks()).isEqualTo(live.size());
      Optional<Instant> next = live.stream()
          .map(p -> T0.plusNanos(p.dueNanos()))
          .min(Comparator.naturalOrder());
      assertThat(clock.nextDueTime()).isEqualTo(next);
    }
    assertThat(actual).isEqualTo(expected);
  }
}
