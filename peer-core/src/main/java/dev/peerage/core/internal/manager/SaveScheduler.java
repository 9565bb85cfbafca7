package dev.peerage.core.internal.manager;

import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStore;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.core.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the manager saves: a change asks for a save, which runs once {@code saveDebounce} has passed
 * (changes in between join it); a periodic save every {@code saveInterval} catches what changes
 * without asking (scores, the book); a failed save is retried after {@code saveRetry}; close saves
 * once more, synchronously. Snapshots are taken under the manager's lock and written on the store
 * executor, one at a time. Each timer is one handle, replaced when it fires, so a node that runs for
 * a year holds three handles, not a list of every save it ever scheduled.
 *
 * <p>Methods marked "under the lock" check it; the others must be called without it.
 */
final class SaveScheduler {
  private static final Logger log = LoggerFactory.getLogger(SaveScheduler.class);

  /** What the saver needs from the manager. */
  interface Host {
    /** Whether the manager is running; saves stop being scheduled once it is not. */
    boolean running();

    /** The state to save; called under the lock. */
    PeerSnapshot snapshot();

    /** Reports a failed save (an event for the host); called under the lock. */
    void saveFailed(String message);
  }

  private final ManagerLock lock;
  private final Scheduler scheduler;
  private final Executor saver;
  private final PeerStore store;
  private final Duration interval;
  private final Duration debounce;
  private final Duration retryAfter;
  private final Host host;
  private final ReentrantLock storeLock = new ReentrantLock();
  private Scheduler.Cancellable pending;
  private Scheduler.Cancellable periodic;
  private Scheduler.Cancellable retry;

  SaveScheduler(ManagerLock lock, Scheduler scheduler, Executor saver, PeerStore store,
      Duration interval, Duration debounce, Duration retryAfter, Host host) {
    this.lock = lock;
    this.scheduler = scheduler;
    this.saver = saver;
    this.store = store;
    this.interval = interval;
    this.debounce = debounce;
    this.retryAfter = retryAfter;
    this.host = host;
  }

  /** Starts the periodic save. Under the lock. */
  void start() {
    lock.checkHeld();
    periodic = scheduler.schedule(this::periodicSave, interval);
  }

  /** Asks for a save after the debounce delay, unless one is already pending. Under the lock. */
  void requestSave() {
    lock.checkHeld();
    if (pending != null || !host.running()) {
      return;
    }
    pending = scheduler.schedule(() -> {
      lock.run(() -> pending = null);
      saveInBackground();
    }, debounce);
  }

  /** Cancels every timer; nothing is saved afterwards except by {@link #saveNow()}. Under the lock. */
  void stop() {
    lock.checkHeld();
    for (Scheduler.Cancellable timer : new Scheduler.Cancellable[] {pending, periodic, retry}) {
      if (timer != null) {
        timer.cancel();
      }
    }
    pending = null;
    periodic = null;
    retry = null;
  }

  /** The number of timers held now (at most three), for tests of boundedness. Under the lock. */
  int timers() {
    lock.checkHeld();
    return (pending != null ? 1 : 0) + (periodic != null ? 1 : 0) + (retry != null ? 1 : 0);
  }

  private void periodicSave() {
    saveInBackground();
    lock.run(() -> {
      if (host.running()) {
        periodic = scheduler.schedule(this::periodicSave, interval);
      }
    });
  }

  private void retrySave() {
    lock.run(() -> retry = null);
    saveInBackground();
  }

  private void saveInBackground() {
    PeerSnapshot snapshot = lock.call(() -> host.running() ? host.snapshot() : null);
    if (snapshot == null) {
      return;
    }
    saver.execute(() -> {
      if (!save(snapshot)) {
        lock.run(() -> {
          if (host.running() && retry == null) {
            retry = scheduler.schedule(this::retrySave, retryAfter);
          }
        });
      }
    });
  }

  /** Saves the current state on the calling thread (close). Without the lock. */
  void saveNow() {
    save(lock.call(host::snapshot));
  }

  /** Saves, serialised with any other save; returns false (after reporting) if it failed. */
  private boolean save(PeerSnapshot snapshot) {
    storeLock.lock();
    try {
      store.save(snapshot);
      log.debug("saved {} peers, {} bans and {} anchors", snapshot.peers().size(),
          snapshot.bans().map(b -> b.bans().size()).orElse(0), snapshot.anchors().size());
      return true;
    } catch (PeerStoreException | RuntimeException e) {
      log.warn("saving the peer store failed: {}", e.getMessage());
      lock.run(() -> host.saveFailed(String.valueOf(e.getMessage())));
      return false;
    } finally {
      storeLock.unlock();
    }
  }
}
