package dev.peerage.core.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that runs delayed tasks: the body of {@code spi.RealTimeScheduler}. Cancelled tasks
 * leave the queue at once (no growth with cancellations); at most {@code maxPending} tasks wait; a task
 * that throws is logged and the thread goes on; close drops what waits and ends the thread.
 * Thread-safe.
 */
public final class DaemonTimer {
  private static final Logger log = LoggerFactory.getLogger(DaemonTimer.class);

  /** A scheduled task. */
  public interface Handle {
    /**
     * Cancels the task if it has not started.
     *
     * @return whether this call stopped it from running
     */
    boolean cancel();
  }

  private final String name;
  private final int maxPending;
  private final ScheduledThreadPoolExecutor executor;
  /** The one thread, once started. */
  private volatile Thread thread;

  /**
   * Starts the thread lazily, on the first task.
   *
   * @param name the thread's name
   * @param maxPending the most tasks waiting at once, positive
   */
  public DaemonTimer(String name, int maxPending) {
    this.name = name;
    this.maxPending = maxPending;
    this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread created = new Thread(runnable, name);
      created.setDaemon(true);
      thread = created;
      return created;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  /**
   * Runs {@code task} once, no earlier than {@code delayNanos} from now.
   *
   * @throws RejectedExecutionException after {@link #close()}, or with {@code maxPending} tasks waiting
   */
  public Handle schedule(Runnable task, long delayNanos) {
    if (executor.isShutdown()) {
      throw new RejectedExecutionException("the scheduler '" + name + "' is closed");
    }
    int waiting = executor.getQueue().size();
    if (waiting >= maxPending) {
      throw new RejectedExecutionException("the scheduler '" + name + "' already holds " + waiting
          + " tasks, its maximum of " + maxPending);
    }
    ScheduledFuture<?> future;
    try {
      future = executor.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          log.warn("a task on the scheduler '{}' failed", name, e);
        }
      }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      throw new RejectedExecutionException("the scheduler '" + name + "' is closed", e);
    }
    return () -> future.cancel(false);
  }

  /** The tasks waiting now (cancelled ones are gone). */
  public int pending() {
    return executor.getQueue().size();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return executor.isShutdown();
  }

  /**
   * Drops the waiting tasks, lets a running one finish (interrupting it), and waits up to
   * {@code timeoutMillis} for the thread to end, unless called from that thread. Idempotent.
   *
   * @return whether the thread had ended when this returned (false when called from it)
   */
  public boolean close(long timeoutMillis) {
    executor.shutdownNow();
    if (Thread.currentThread() == thread) {
      return false; // a task closing its own scheduler: the thread ends once the task returns
    }
    try {
      return executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return executor.isTerminated();
    }
  }
}
