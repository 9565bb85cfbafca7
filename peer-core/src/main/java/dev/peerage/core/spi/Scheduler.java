package dev.peerage.core.spi;

import java.time.Duration;

/**
 * Runs tasks after a delay. Peerage takes every timer through this interface, so tests and simulations
 * can run hours of virtual time in milliseconds (see {@link dev.peerage.core.testing.VirtualTime}).
 *
 * <p>Implementations must be thread-safe. A task runs at most once; a task that throws does not stop
 * later tasks. Tasks must not block: they run on the scheduler's thread (or, for {@link dev.peerage.core.testing.VirtualTime}, on
 * the thread that advances time).
 */
public interface Scheduler {
  /**
   * Schedules a task.
   *
   * @param task the task
   * @param delay zero or positive; the task runs no earlier than this after the call
   * @return a handle that can cancel the task before it runs
   * @throws java.util.concurrent.RejectedExecutionException if the scheduler has been shut down
   */
  Cancellable schedule(Runnable task, Duration delay);

  /** A scheduled task that has not run yet can be cancelled. */
  interface Cancellable {
    /**
     * Cancels the task if it has not started.
     *
     * @return {@code true} if this call prevented the task from running
     */
    boolean cancel();
  }
}
