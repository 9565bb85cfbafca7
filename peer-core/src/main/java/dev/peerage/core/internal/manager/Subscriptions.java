package dev.peerage.core.internal.manager;

import dev.peerage.core.Subscription;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one kind of notification (peer events, application messages): one registration
 * mechanism for both. Thread-safe without the manager's lock: listeners are added and removed from
 * any thread, and a cancelled listener is never called again, even by a delivery already under way.
 *
 * @param <T> what the listeners receive
 */
final class Subscriptions<T> {
  private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

  private final String kind;
  private final CopyOnWriteArrayList<Registration<T>> registrations = new CopyOnWriteArrayList<>();

  /** @param kind what the listeners receive, for log messages ("peer event", "message") */
  Subscriptions(String kind) {
    this.kind = kind;
  }

  Subscription add(Consumer<? super T> listener) {
    Registration<T> registration = new Registration<>(Objects.requireNonNull(listener, "listener"));
    registrations.add(registration);
    return () -> {
      registration.active = false;
      registrations.remove(registration);
    };
  }

  /** Calls every active listener in turn on the calling thread; one that throws does not stop the rest. */
  void deliver(T value) {
    for (Registration<T> registration : registrations) {
      registration.accept(value, kind);
    }
  }

  /** Hands each active listener its own task on {@code executor}. */
  void deliverEach(Executor executor, T value) {
    for (Registration<T> registration : registrations) {
      executor.execute(() -> registration.accept(value, kind));
    }
  }

  private static final class Registration<T> {
    final Consumer<? super T> consumer;
    volatile boolean active = true;

    Registration(Consumer<? super T> consumer) {
      this.consumer = consumer;
    }

    void accept(T value, String kind) {
      if (!active) {
        return;
      }
      try {
        consumer.accept(value);
      } catch (RuntimeException e) {
        log.warn("a {} listener threw on {}; other listeners still run", kind, value, e);
      }
    }
  }
}
