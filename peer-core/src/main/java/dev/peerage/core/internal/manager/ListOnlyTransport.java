package dev.peerage.core.internal.manager;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Transport;
import dev.peerage.core.spi.TransportContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The transport of a list-only manager: there is none. The manager never starts it (so it never
 * dials); were it asked, it would refuse. Closing it does nothing.
 */
final class ListOnlyTransport implements Transport {
  @Override
  public CompletionStage<Void> start(TransportContext context) {
    return CompletableFuture.failedStage(new IllegalStateException(ListOnlyPeerManager.MODE
        + " has no transport to start"));
  }

  @Override
  public CompletionStage<Connection> dial(PeerAddress address, Duration timeout) {
    return CompletableFuture.failedStage(new DialException(DialException.Failure.CLOSED, address,
        ListOnlyPeerManager.MODE + " does not dial"));
  }

  @Override
  public Optional<PeerAddress> listenAddress() {
    return Optional.empty();
  }

  @Override
  public CompletionStage<Void> close() {
    return CompletableFuture.completedStage(null);
  }

  @Override
  public String toString() {
    return "ListOnlyTransport";
  }
}
