package dev.peerage.transport.netty;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.Transport;
import dev.peerage.core.spi.TransportContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a {@link NettyTransport} for manager tests: tells when it has started, records every
 * connection it hands to the manager, and can hold all of them back until a given number exist
 * (to make two dials truly simultaneous in the manager's eyes).
 */
final class ObservedTransport implements Transport {
  final NettyTransport delegate;
  final CompletableFuture<Void> started = new CompletableFuture<>();
  final List<Connection> handedOver = new CopyOnWriteArrayList<>();
  private final Gate gate;

  /** Opens when {@code expected} connections have arrived, across all transports sharing it. */
  static final class Gate {
    private final AtomicInteger remaining;
    final CompletableFuture<Void> open = new CompletableFuture<>();

    Gate(int expected) {
      remaining = new AtomicInteger(expected);
    }

    <T> CompletionStage<T> pass(T value) {
      if (remaining.decrementAndGet() == 0) {
        open.complete(null);
      }
      return open.thenApply(ignored -> value);
    }
  }

  ObservedTransport(NettyTransport delegate) {
    this(delegate, null);
  }

  ObservedTransport(NettyTransport delegate, Gate gate) {
    this.delegate = delegate;
    this.gate = gate;
  }

  PeerAddress address() {
    TestNodes.await(started);
    return delegate.listenAddress().orElseThrow();
  }

  @Override
  public CompletionStage<Void> start(TransportContext context) {
    TransportContext observed = new TransportContext(context.identity(), context.network(),
        connection -> {
          handedOver.add(connection);
          if (gate == null) {
            context.inbound().accept(connection);
          } else {
            gate.pass(connection).thenAccept(context.inbound());
          }
        });
    CompletionStage<Void> result = delegate.start(observed);
    result.whenComplete((done, error) -> {
      if (error != null) {
        started.completeExceptionally(error);
      } else {
        started.complete(null);
      }
    });
    return result;
  }

  @Override
  public CompletionStage<Connection> dial(PeerAddress address, Duration timeout) {
    CompletionStage<Connection> dialled = delegate.dial(address, timeout)
        .thenApply(connection -> {
          handedOver.add(connection);
          return connection;
        });
    return gate == null ? dialled : dialled.thenCompose(gate::pass);
  }

  @Override
  public Optional<PeerAddress> listenAddress() {
    return delegate.listenAddress();
  }

  @Override
  public CompletionStage<Void> close() {
    return delegate.close();
  }
}
