package dev.peerage.transport.netty.internal;

import dev.peerage.core.spi.Direction;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that sign and verify handshake proofs, so that Ed25519 never runs on an event loop: a
 * fixed pool of daemon threads named {@code peerage-handshake-crypto-<transport>-<n>}, owned by one
 * transport and shut down when it closes.
 *
 * <p>Bounded. A handshake has at most one crypto task queued or running at a time (its signature,
 * then its verification), so the tasks waiting are at most the handshakes in progress. Inbound ones
 * are at most {@code maxPendingHandshakes} already (the listener refuses more before reading a
 * byte); outbound ones are counted here against the same limit, since nothing else bounds how fast
 * a host dials. The queue holds both limits together, so it never refuses a task the counts let in.
 * A task over its direction's limit is refused with a {@link RejectedExecutionException} whose
 * message names the limit; the handshake then fails with a DISCONNECT that carries it.
 *
 * <p>Thread-safe.
 */
public final class HandshakeCrypto {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final int limit;
  private final AtomicInteger inbound = new AtomicInteger();
  private final AtomicInteger outbound = new AtomicInteger();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final ThreadPoolExecutor executor;

  /**
   * Starts the threads.
   *
   * @param threads how many threads sign and verify, at least 1
   * @param limit the most crypto tasks waiting per direction, at least 1 (the running ones, at most
   *     {@code threads}, are not counted)
   */
  public HandshakeCrypto(int threads, int limit) {
    this.limit = limit;
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = task -> {
      Thread thread = new Thread(task,
          "peerage-handshake-crypto-" + pool + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(2 * limit), factory, new ThreadPoolExecutor.AbortPolicy()) {
      @Override
      protected void terminated() {
        terminated.complete(null);
      }
    };
    executor.prestartAllCoreThreads();
  }

  /**
   * Runs a signature or verification of a handshake in the given direction.
   *
   * @param direction whose limit the task counts against
   * @param task the work; it must not throw (it reports its own failures)
   * @throws RejectedExecutionException if {@code limit} tasks of that direction are waiting (the
   *     message names the limit), or the pool is shut down
   */
  public void execute(Direction direction, Runnable task) {
    AtomicInteger counter = direction == Direction.INBOUND ? inbound : outbound;
    if (counter.incrementAndGet() > limit) {
      counter.decrementAndGet();
      throw new RejectedExecutionException("the node's handshake crypto queue is full: " + limit
          + " " + direction.name().toLowerCase(java.util.Locale.ROOT)
          + " handshakes are waiting for a signature or a verification (maxPendingHandshakes "
          + limit + ")");
    }
    try {
      executor.execute(() -> {
        // Counted while it waits, not while it runs: a task hands its result to the event loop,
        // which may start the handshake's next task before this thread returns from this one, and
        // that task must find its predecessor's place free, or a handshake within the limit could
        // be refused by its own previous step.
        counter.decrementAndGet();
        task.run();
      });
    } catch (RejectedExecutionException e) {
      counter.decrementAndGet();
      throw new RejectedExecutionException("the transport is closing: no more handshakes", e);
    }
  }

  /**
   * The underlying pool, for tests that need to hold its threads.
   *
   * @return the executor
   */
  public ThreadPoolExecutor executor() {
    return executor;
  }

  /**
   * Stops taking tasks; the threads end once the queued ones are done (each a fraction of a
   * millisecond; a task whose channel has closed does nothing but its arithmetic).
   *
   * @return completes when every thread has finished its last task
   */
  public CompletionStage<Void> shutdown() {
    executor.shutdown();
    return terminated;
  }
}
