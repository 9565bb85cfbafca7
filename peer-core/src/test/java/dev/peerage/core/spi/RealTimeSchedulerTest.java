package dev.peerage.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real-time scheduler on real threads, without sleeps or timing assertions: waits are bounded
 * rendezvous (a latch, a future, a join) that a passing run never hits the bound of.
 */
class RealTimeSchedulerTest {
  private static final long BOUND_SECONDS = 30;
  private final RealTimeScheduler scheduler = RealTimeScheduler.create("test-scheduler", 100);

  @AfterEach
  void close() {
    scheduler.close();
  }

  @Test
  void aZeroDelayTaskRunsOnTheSchedulersDaemonThread() throws Exception {
    CompletableFuture<Thread> ran = new CompletableFuture<>();
    scheduler.schedule(() -> ran.complete(Thread.currentThread()), Duration.ZERO);
    Thread thread = ran.get(BOUND_SECONDS, TimeUnit.SECONDS);
    assertThat(thread.getName()).isEqualTo("test-scheduler");
    assertThat(thread.isDaemon()).isTrue();
  }

  @Test
  void aCancelledTaskDoesNotRunAndLeavesTheQueue() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    Scheduler.Cancellable far = scheduler.schedule(() -> ran.set(true), Duration.ofDays(1));
    for (int i = 0; i < 1_000; i++) {
      scheduler.schedule(() -> ran.set(true), Duration.ofDays(1)).cancel();
    }
    assertThat(scheduler.pending()).isEqualTo(1); // 1,000 cancellations left nothing behind
    assertThat(far.cancel()).isTrue();
    assertThat(far.cancel()).isFalse();
    assertThat(scheduler.pending()).isZero();
    // Tasks run in due order, so once a later zero-delay task ran, nothing cancelled can still come.
    CountDownLatch after = new CountDownLatch(1);
    scheduler.schedule(after::countDown, Duration.ZERO);
    assertThat(after.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).isFalse();
  }

  @Test
  void aThrowingTaskDoesNotStopLaterTasks() throws Exception {
    CountDownLatch later = new CountDownLatch(1);
    scheduler.schedule(() -> {
      throw new IllegalStateException("task bug");
    }, Duration.ZERO);
    scheduler.schedule(later::countDown, Duration.ZERO);
    assertThat(later.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closeEndsTheThreadAndLaterTasksAreRejected() throws Exception {
    CompletableFuture<Thread> ran = new CompletableFuture<>();
    scheduler.schedule(() -> ran.complete(Thread.currentThread()), Duration.ZERO);
    Thread thread = ran.get(BOUND_SECONDS, TimeUnit.SECONDS);
    AtomicBoolean dropped = new AtomicBoolean();
    scheduler.schedule(() -> dropped.set(true), Duration.ofDays(1));

    scheduler.close();
    thread.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
    assertThat(thread.isAlive()).isFalse();
    assertThat(scheduler.isClosed()).isTrue();
    assertThat(scheduler.pending()).isZero();
    assertThat(dropped).isFalse();
    assertThatThrownBy(() -> scheduler.schedule(() -> { }, Duration.ZERO))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("test-scheduler").hasMessageContaining("closed");
    scheduler.close(); // idempotent
  }

  @Test
  void theWaitingQueueIsBounded() {
    for (int i = 0; i < 100; i++) {
      scheduler.schedule(() -> { }, Duration.ofDays(1));
    }
    assertThatThrownBy(() -> scheduler.schedule(() -> { }, Duration.ofDays(1)))
        .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("100");
  }

  @Test
  void badArgumentsAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> scheduler.schedule(() -> { }, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> RealTimeScheduler.create("x", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
    assertThatThrownBy(() -> RealTimeScheduler.create(" ", 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
  }

  @Test
  void aTaskMayCloseItsOwnScheduler() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    scheduler.schedule(() -> {
      scheduler.close();
      closed.countDown();
    }, Duration.ZERO);
    assertThat(closed.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(scheduler.isClosed()).isTrue();
  }
}
