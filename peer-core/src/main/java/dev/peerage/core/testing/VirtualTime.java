package dev.peerage.core.testing;

import dev.peerage.core.spi.Scheduler;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock that only moves when told to, and a {@link Scheduler} whose tasks run when the clock passes
 * their due time. Tests and simulations use it to run hours of timers in milliseconds, with the same
 * order every run.
 *
 * <h2>How time moves</h2>
 *
 * <p>{@link #advance(Duration)} and {@link #advanceTo(Instant)} run every task due within the window, in
 * order of due time and, among tasks due at the same instant, in the order they were scheduled. While a
 * task runs, {@link #instant()} reads the task's due time, so a task sees the clock it was scheduled for.
 * Tasks scheduled by tasks run in the same call if they fall due within the window. When the window is
 * done the clock reads its end. {@link #runDue()} runs what is due now without moving the clock.
 *
 * <h2>Threads</h2>
 *
 * <p>Thread-safe. Tasks run on the thread that calls {@code advance}, {@code advanceTo} or
 * {@code runDue}, never while this object's lock is held, so a task may schedule and cancel others and
 * read the clock. One thread advances at a time: a second thread waits, and a task that tries to advance
 * the clock it runs on gets an {@link IllegalStateException}.
 *
 * <h2>Failures</h2>
 *
 * <p>A task that throws does not stop the others: the window is finished, and then the first failure is
 * thrown as the cause of an {@link IllegalStateException} (later failures are attached as suppressed
 * exceptions, up to {@value #MAX_SUPPRESSED}). So an assertion that fails inside a task still fails the
 * test. A task that keeps rescheduling itself at the same instant would never let time move; after
 * {@value #MAX_TASKS_PER_INSTANT} tasks at one instant the call fails with an
 * {@link IllegalStateException} that names the instant.
 *
 * <h2>Cost</h2>
 *
 * <p>Tasks wait in a priority queue ordered by (due time, scheduling order): scheduling and running a
 * task cost O(log n), cancelling O(1). Cancelled tasks are dropped lazily, and all at once when they
 * make up more than half of the queue, so memory stays proportional to the live tasks. Time is kept in
 * nanoseconds from the start; a delay that would reach beyond about 292 years from the start is treated
 * as "never" (the task waits until the clock is advanced to that limit).
 */
public final class VirtualTime implements InstantSource, Scheduler {
  /**
   * The most tasks that may run at one instant in one call before it fails as a runaway: far more than
   * any honest burst (10,000 nodes times a handful of zero-delay tasks each), small enough to fail in
   * about a second.
   */
  public static final int MAX_TASKS_PER_INSTANT = 1_000_000;

  /** The most later failures attached to the thrown exception; the rest are only counted. */
  public static final int MAX_SUPPRESSED = 16;

  /** Below this queue size cancelled tasks are not purged: rebuilding a tiny heap gains nothing. */
  private static final int MIN_PURGE_SIZE = 64;

  private static final int PENDING = 0;
  private static final int CANCELLED = 1;
  private static final int STARTED = 2;

  private final Instant origin;
  private final Object lock = new Object();
  private final ReentrantLock advancing = new ReentrantLock();
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private final Executor executor = command -> schedule(command, Duration.ZERO);

  /** Nanoseconds since {@link #origin}; written under {@link #lock}, read without it. */
  private volatile long nowNanos;

  /** Guarded by {@link #lock}. */
  private long nextSequence;

  /** Cancelled tasks still in the queue; guarded by {@link #lock}. */
  private int cancelledInQueue;

  /**
   * Creates a clock that reads {@code start} and has no tasks.
   *
   * @param start the initial instant
   * @throws NullPointerException if {@code start} is null
   * @throws IllegalArgumentException if {@code start} is so close to {@link Instant#MAX} that the clock
   *     could not run for 292 years
   */
  public VirtualTime(Instant start) {
    Objects.requireNonNull(start, "start");
    try {
      start.plusNanos(Long.MAX_VALUE);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "start " + start + " leaves no room to run: expected an instant at least 292 years before "
              + Instant.MAX, e);
    }
    this.origin = start;
  }

  /**
   * The current virtual instant: the due time of the running task while one runs, otherwise where the
   * last advance ended.
   *
   * @return the instant
   */
  @Override
  public Instant instant() {
    return origin.plusNanos(nowNanos);
  }

  /**
   * The current virtual instant in milliseconds since the epoch.
   *
   * @return {@code instant().toEpochMilli()}
   */
  @Override
  public long millis() {
    return instant().toEpochMilli();
  }

  /**
   * Schedules {@code task} to run {@code delay} after the current virtual instant. A zero delay runs it
   * on the next {@link #runDue()} or advance, after the tasks already due at this instant.
   *
   * @param task the task
   * @param delay zero or positive
   * @return a handle that cancels the task if it has not started
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must be zero or positive, was " + delay);
    }
    long delayNanos = saturatedNanos(delay);
    synchronized (lock) {
      long due = nowNanos + delayNanos;
      if (due < 0) {
        due = Long.MAX_VALUE;
      }
      Task scheduled = new Task(task, due, nextSequence++);
      queue.add(scheduled);
      return scheduled;
    }
  }

  /**
   * Moves the clock forward by {@code duration}, running every task due up to and including the new
   * instant, as the class documentation describes.
   *
   * @param duration zero or positive
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is negative or takes the clock more than 292
   *     years past its start
   * @throws IllegalStateException if a task threw (after the window was finished), if tasks ran away at
   *     one instant, or if called from a task of this clock
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must be zero or positive, was " + duration);
    }
    long target = nowNanos + saturatedNanos(duration);
    if (target < 0) {
      throw new IllegalArgumentException(
          "duration " + duration + " takes the clock more than 292 years past its start " + origin);
    }
    run(target, "advancing by " + duration);
  }

  /**
   * Moves the clock forward to {@code target}, running every task due up to and including it.
   *
   * @param target an instant not before {@link #instant()}
   * @throws NullPointerException if {@code target} is null
   * @throws IllegalArgumentException if {@code target} is before the current instant or more than 292
   *     years past the start
   * @throws IllegalStateException if a task threw (after the window was finished), if tasks ran away at
   *     one instant, or if called from a task of this clock
   */
  public void advanceTo(Instant target) {
    Objects.requireNonNull(target, "target");
    long targetNanos;
    try {
      targetNanos = Duration.between(origin, target).toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "target " + target + " is more than 292 years from the start " + origin, e);
    }
    if (targetNanos < nowNanos) {
      throw new IllegalArgumentException(
          "target " + target + " is before the current instant " + instant()
              + "; virtual time only moves forward");
    }
    run(targetNanos, "advancing to " + target);
  }

  /**
   * Runs the tasks due at the current instant, including zero-delay tasks they schedule, without moving
   * the clock.
   *
   * @return how many tasks ran
   * @throws IllegalStateException if a task threw (after all due tasks ran), if tasks ran away, or if
   *     called from a task of this clock
   */
  public int runDue() {
    return run(nowNanos, "running the tasks due at " + instant());
  }

  /**
   * How many tasks wait to run (cancelled ones excluded).
   *
   * @return the count
   */
  public int pendingTasks() {
    synchronized (lock) {
      return queue.size() - cancelledInQueue;
    }
  }

  /**
   * When the next task is due.
   *
   * @return the due time of the earliest waiting task, or empty if none waits
   */
  public Optional<Instant> nextDueTime() {
    synchronized (lock) {
      Task head = liveHead();
      return head == null ? Optional.empty() : Optional.of(origin.plusNanos(head.due));
    }
  }

  /**
   * An executor that runs each command as a zero-delay task of this clock, that is on the next
   * {@link #runDue()} or advance. Useful as the listener executor of components under test, so that
   * listeners run at a known point and on the test's thread.
   *
   * @return the executor; the same object on every call
   */
  public Executor executor() {
    return executor;
  }

  /**
   * Describes the clock.
   *
   * @return the current instant and the number of pending tasks
   */
  @Override
  public String toString() {
    return "VirtualTime[" + instant() + ", " + pendingTasks() + " pending]";
  }

  private int run(long targetNanos, String what) {
    if (advancing.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "a task of this clock tried " + what + "; only the caller of advance or runDue may move time");
    }
    advancing.lock();
    try {
      return runLocked(targetNanos, what);
    } finally {
      advancing.unlock();
    }
  }

  private int runLocked(long targetNanos, String what) {
    int ran = 0;
    int failures = 0;
    Throwable firstFailure = null;
    long instantOfRun = -1;
    int ranAtInstant = 0;
    while (true) {
      Task task;
      synchronized (lock) {
        task = liveHead();
        if (task == null || task.due > targetNanos) {
          nowNanos = targetNanos;
          break;
        }
        queue.poll();
        task.state = STARTED;
        if (task.due > nowNanos) {
          nowNanos = task.due;
        }
      }
      if (task.due != instantOfRun) {
        instantOfRun = task.due;
        ranAtInstant = 0;
      }
      if (++ranAtInstant > MAX_TASKS_PER_INSTANT) {
        IllegalStateException runaway = new IllegalStateException(
            "more than " + MAX_TASKS_PER_INSTANT + " tasks ran at " + origin.plusNanos(instantOfRun)
                + " while " + what + "; a task probably reschedules itself with zero delay");
        if (firstFailure != null) {
          runaway.addSuppressed(firstFailure);
        }
        throw runaway;
      }
      ran++;
      try {
        task.runnable.run();
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        failures++;
        if (firstFailure == null) {
          firstFailure = e;
        } else if (failures <= MAX_SUPPRESSED + 1) {
          firstFailure.addSuppressed(e);
        }
      }
    }
    if (firstFailure != null) {
      throw new IllegalStateException(
          failures + " of " + ran + " tasks failed while " + what + "; the first failure is the cause",
          firstFailure);
    }
    return ran;
  }

  /** Drops cancelled tasks at the head and returns the first live one; caller holds the lock. */
  private Task liveHead() {
    Task head = queue.peek();
    while (head != null && head.state == CANCELLED) {
      queue.poll();
      cancelledInQueue--;
      head = queue.peek();
    }
    return head;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** A scheduled task; ordered by due time, then by scheduling order. */
  private final class Task implements Cancellable, Comparable<Task> {
    final Runnable runnable;
    final long due;
    final long sequence;

    /** {@link #PENDING}, {@link #CANCELLED} or {@link #STARTED}; guarded by the clock's lock. */
    int state = PENDING;

    Task(Runnable runnable, long due, long sequence) {
      this.runnable = runnable;
      this.due = due;
      this.sequence = sequence;
    }

    @Override
    public boolean cancel() {
      synchronized (lock) {
        if (state != PENDING) {
          return false;
        }
        state = CANCELLED;
        cancelledInQueue++;
        if (cancelledInQueue > queue.size() / 2 && queue.size() >= MIN_PURGE_SIZE) {
          queue.removeIf(task -> task.state == CANCELLED);
          cancelledInQueue = 0;
        }
        return true;
      }
    }

    @Override
    public int compareTo(Task other) {
      int byDue = Long.compare(due, other.due);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }
}
