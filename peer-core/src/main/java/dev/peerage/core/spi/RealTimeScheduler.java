package dev.peerage.core.spi;

import dev.peerage.core.internal.DaemonTimer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link Scheduler} on the wall clock, backed by one daemon thread: what a {@code PeerManager} uses when
 * the host passes no scheduler, and what a host can share between a manager and its own timers.
 *
 * <ul>
 *   <li>The thread starts with the first task and is a daemon, so it never keeps a JVM alive.
 *   <li>Tasks run one at a time, in order of their due time; a task that throws is logged (SLF4J, warn)
 *       and later tasks still run. Tasks must not block (see {@link Scheduler}).
 *   <li>{@link Scheduler.Cancellable#cancel() Cancelling} a task removes it from the queue at once, so a
 *       host that schedules and cancels timeouts all day holds only the live ones.
 *   <li>At most {@code maxPending} tasks wait at once ({@value #DEFAULT_MAX_PENDING} by default); one
 *       more is rejected with a {@link RejectedExecutionException} naming the limit.
 *   <li>{@link #close()} drops every waiting task, interrupts a running one and waits up to
 *       {@link #CLOSE_WAIT} for the thread to end; afterwards {@link #schedule} throws
 *       {@link RejectedExecutionException}.
 * </ul>
 *
 * <p>Thread-safe. Tests and simulations use {@link dev.peerage.core.testing.VirtualTime} instead.
 */
public final class RealTimeScheduler implements Scheduler, AutoCloseable {
  /** The waiting-task limit of {@link #create()}. */
  public static final int DEFAULT_MAX_PENDING = 100_000;

  /** The largest waiting-task limit {@link #create(String, int)} accepts. */
  public static final int MAX_PENDING = 10_000_000;

  /** How long {@link #close()} waits for a running task to finish: 5 seconds. */
  public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final DaemonTimer timer;

  private RealTimeScheduler(DaemonTimer timer) {
    this.timer = timer;
  }

  /**
   * A scheduler whose thread is called {@code peerage-scheduler}, holding at most
   * {@value #DEFAULT_MAX_PENDING} waiting tasks.
   *
   * @return a new scheduler; close it when done
   */
  public static RealTimeScheduler create() {
    return create("peerage-scheduler", DEFAULT_MAX_PENDING);
  }

  /**
   * A scheduler with a chosen thread name and waiting-task limit.
   *
   * @param threadName the thread's name, not blank
   * @param maxPending the most tasks waiting at once, 1 to {@value #MAX_PENDING}
   * @return a new scheduler; close it when done
   * @throws IllegalArgumentException if the name is blank or {@code maxPending} is out of range (the
   *     message names the value)
   */
  public static RealTimeScheduler create(String threadName, int maxPending) {
    Objects.requireNonNull(threadName, "threadName");
    if (threadName.isBlank()) {
      throw new IllegalArgumentException("threadName must not be blank, was '" + threadName + "'");
    }
    if (maxPending < 1 || maxPending > MAX_PENDING) {
      throw new IllegalArgumentException("maxPending must be 1 to " + MAX_PENDING + ", was " + maxPending);
    }
    return new RealTimeScheduler(new DaemonTimer(threadName, maxPending));
  }

  /**
   * Schedules a task on the wall clock.
   *
   * @param task the task
   * @param delay zero or positive
   * @return a handle whose {@code cancel()} removes the task if it has not started
   * @throws IllegalArgumentException if {@code delay} is negative
   * @throws RejectedExecutionException after {@link #close()}, or when {@code maxPending} tasks wait
   */
  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must be zero or positive, was " + delay);
    }
    long nanos;
    try {
      nanos = delay.toNanos();
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE; // beyond 292 years: never, in practice
    }
    DaemonTimer.Handle handle = timer.schedule(task, nanos);
    return handle::cancel;
  }

  /**
   * The tasks waiting now; cancelled tasks are not counted (they are removed).
   *
   * @return zero or more
   */
  public int pending() {
    return timer.pending();
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    return timer.isClosed();
  }

  /**
   * Stops the scheduler: waiting tasks are dropped, a running task is interrupted, and this waits up to
   * {@link #CLOSE_WAIT} for the thread to end (not when called from a task on this scheduler, which
   * would wait for itself). Idempotent; never throws.
   */
  @Override
  public void close() {
    timer.close(CLOSE_WAIT.toMillis());
  }

  @Override
  public String toString() {
    return "RealTimeScheduler[pending=" + pending() + (isClosed() ? ", closed" : "") + "]";
  }
}
