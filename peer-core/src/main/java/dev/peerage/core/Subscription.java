package dev.peerage.core;

/**
 * A registered listener; closing it unsubscribes. Idempotent and thread-safe. Events already queued for
 * the listener when it unsubscribes may still be delivered.
 */
public interface Subscription extends AutoCloseable {
  /** Stops further deliveries to the listener. */
  @Override
  void close();
}
