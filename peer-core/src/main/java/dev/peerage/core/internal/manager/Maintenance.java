package dev.peerage.core.internal.manager;

import dev.peerage.core.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The maintenance tick: an ordered list of named tasks run under the manager's lock every {@code
 * maintenanceInterval}, and as soon as possible when something changed (a dial ended, a connection
 * closed; such requests coalesce into one tick). A task may hand back work that must run after the
 * lock is released (asking a discovery source, which is foreign code). The periodic tick is one
 * handle, replaced when it fires.
 */
final class Maintenance {
  /**
   * One job of the tick.
   *
   * @param name what it does, for readers and logs
   * @param body runs under the lock; adds to the list any work to run once the lock is released
   */
  record Task(String name, Consumer<List<Runnable>> body) {}

  private final ManagerLock lock;
  private final Scheduler scheduler;
  private final InstantSource clock;
  private final Duration interval;
  private final Counters counters;
  private final BooleanSupplier running;
  private final BooleanSupplier ready;
  private final List<Task> tasks;
  private Scheduler.Cancellable periodic;
  private Scheduler.Cancellable due;
  private Instant dueAt;
  private boolean tickRequested;

  /**
   * @param running whether the manager runs (read under the lock); no tick is scheduled otherwise
   * @param ready whether a tick may do anything now (the manager runs and its transport started)
   */
  Maintenance(ManagerLock lock, Scheduler scheduler, InstantSource clock, Duration interval,
      Counters counters, BooleanSupplier running, BooleanSupplier ready, List<Task> tasks) {
    this.lock = lock;
    this.scheduler = scheduler;
    this.clock = clock;
    this.interval = interval;
    this.counters = counters;
    this.running = running;
    this.ready = ready;
    this.tasks = List.copyOf(tasks);
  }

  /** The tasks, in the order each tick runs them. */
  List<Task> tasks() {
    return tasks;
  }

  /** Starts the periodic tick. Under the lock. */
  void start() {
    lock.checkHeld();
    periodic = scheduler.schedule(this::periodicTick, interval);
  }

  /** Stops the periodic tick. Under the lock. */
  void stop() {
    lock.checkHeld();
    if (periodic != null) {
      periodic.cancel();
      periodic = null;
    }
    if (due != null) {
      due.cancel();
      due = null;
    }
  }

  /**
   * Runs one extra tick {@code delay} from now, for a deadline that must not wait for the next periodic
   * tick (the bootstrap delay, the next paced book dial). One such tick is pending at a time and the
   * earlier deadline wins: a later request while an earlier tick is pending is dropped, so the tasks
   * re-arm, on every tick, whatever deadline they still have ahead. Under the lock.
   */
  void tickAfter(Duration delay) {
    lock.checkHeld();
    if (!running.getAsBoolean()) {
      return;
    }
    Instant at = clock.instant().plus(delay);
    if (due != null) {
      if (!dueAt.isAfter(at)) {
        return;
      }
      due.cancel();
    }
    dueAt = at;
    Scheduler.Cancellable[] self = new Scheduler.Cancellable[1];
    self[0] = scheduler.schedule(() -> {
      lock.run(() -> {
        if (due == self[0]) {
          due = null;
        }
      });
      tick();
    }, delay);
    due = self[0];
  }

  /** The number of timers held now (0 to 2), for tests of boundedness. Under the lock. */
  int timers() {
    lock.checkHeld();
    return (periodic != null ? 1 : 0) + (due != null ? 1 : 0);
  }

  /** Asks for a tick as soon as possible; requests coalesce. Under the lock. */
  void requestTick() {
    lock.checkHeld();
    if (tickRequested || !running.getAsBoolean()) {
      return;
    }
    tickRequested = true;
    scheduler.schedule(() -> {
      lock.run(() -> tickRequested = false);
      tick();
    }, Duration.ZERO);
  }

  private void periodicTick() {
    tick();
    lock.run(() -> {
      if (running.getAsBoolean()) {
        periodic = scheduler.schedule(this::periodicTick, interval);
      }
    });
  }

  /** Runs every task once. Without the lock. */
  void tick() {
    List<Runnable> afterLock = new ArrayList<>();
    lock.run(() -> {
      if (!ready.getAsBoolean()) {
        return;
      }
      counters.taskRan("maintenance");
      for (Task task : tasks) {
        task.body().accept(afterLock);
      }
    });
    afterLock.forEach(Runnable::run);
  }
}
