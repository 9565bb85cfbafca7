package dev.peerage.core.internal.manager;

import dev.peerage.core.PeerEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer manager's one lock, with the two queues that keep foreign code out from under it: calls
 * out (dials, closes, activations) are {@linkplain #later deferred} and events are {@linkplain #emit
 * queued} while the lock is held, and both run once the outermost holder releases it, events first
 * in each round, in the order they were queued. Re-entrant calls from a transport or a listener
 * therefore never deadlock, and no listener ever runs under the lock.
 *
 * <p>Every collaborator of the manager that holds mutable state checks {@link #checkHeld()} before
 * changing it.
 */
final class ManagerLock {
  private static final Logger log = LoggerFactory.getLogger(ManagerLock.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
  private final ArrayDeque<PeerEvent> outbox = new ArrayDeque<>();
  private final Consumer<PeerEvent> publisher;

  /**
   * @param publisher receives each queued event after the lock is released, in order; it must hand
   *     the event to the listener executor rather than run listeners itself
   */
  ManagerLock(Consumer<PeerEvent> publisher) {
    this.publisher = publisher;
  }

  /** Runs {@code body} under the lock, then (outside it) the deferred calls and events it queued. */
  <T> T call(Supplier<T> body) {
    lock.lock();
    T result;
    try {
      result = body.get();
    } finally {
      lock.unlock();
    }
    drain();
    return result;
  }

  /** Like {@link #call} for a body without a result. */
  void run(Runnable body) {
    call(() -> {
      body.run();
      return null;
    });
  }

  /** Takes the lock without draining on release: pair with {@link #release()}, then {@link #drain()}. */
  void acquire() {
    lock.lock();
  }

  void release() {
    lock.unlock();
  }

  /** Queues a call to foreign code (a transport or connection) to run once the lock is released. */
  void later(Runnable action) {
    checkHeld();
    deferred.add(action);
  }

  /** Queues an event for the listeners; it is published once the lock is released. */
  void emit(PeerEvent event) {
    checkHeld();
    outbox.add(event);
  }

  /**
   * Fails unless the calling thread holds the lock: the collaborators' state is confined to it.
   *
   * @throws IllegalStateException if the lock is not held
   */
  void checkHeld() {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("the peer manager's lock is not held by "
          + Thread.currentThread().getName());
    }
  }

  boolean isHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  /** Publishes queued events and runs deferred calls, outside the lock, until both queues are empty. */
  void drain() {
    if (lock.isHeldByCurrentThread()) {
      return; // the outermost caller drains
    }
    while (true) {
      List<Runnable> actions;
      List<PeerEvent> events;
      lock.lock();
      try {
        actions = new ArrayList<>(deferred);
        deferred.clear();
        events = new ArrayList<>(outbox);
        outbox.clear();
      } finally {
        lock.unlock();
      }
      if (actions.isEmpty() && events.isEmpty()) {
        return;
      }
      for (PeerEvent event : events) {
        publisher.accept(event);
      }
      for (Runnable action : actions) {
        try {
          action.run();
        } catch (RuntimeException e) {
          log.warn("a deferred transport call failed", e);
        }
      }
    }
  }
}
