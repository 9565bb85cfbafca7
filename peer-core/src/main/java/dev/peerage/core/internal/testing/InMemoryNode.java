package dev.peerage.core.internal.testing;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.TransportContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One node of an {@link InMemoryFabric}: the state behind one {@code InMemoryTransport}. Its
 * collections are insertion-ordered so that closing or breaking connections schedules tasks in the
 * same order on every run. Guarded by the fabric's lock.
 */
public final class InMemoryNode {
  /** First synthetic ephemeral port shown to inbound sides, as in the IANA dynamic range's spirit. */
  static final int FIRST_EPHEMERAL_PORT = 40_000;

  private static final int EPHEMERAL_PORTS = 65_536 - FIRST_EPHEMERAL_PORT;

  private final InMemoryFabric fabric;
  private final PeerAddress address;
  private final boolean listens;
  private final LinkedHashSet<InMemoryConnection> connections = new LinkedHashSet<>();
  private final LinkedHashSet<InMemoryFabric.PendingDial> pendingDials = new LinkedHashSet<>();
  private TransportContext context;
  private boolean closed;
  private CompletableFuture<Void> closeStage;
  private int ephemeralCounter;

  InMemoryNode(InMemoryFabric fabric, PeerAddress address, boolean listens) {
    this.fabric = fabric;
    this.address = address;
    this.listens = listens;
  }

  /**
   * The node's address: where it listens, or, for a node that only dials, the address it dials from
   * and by which faults are injected.
   *
   * @return the address
   */
  public PeerAddress address() {
    return address;
  }

  /**
   * Starts the node; see {@code InMemoryTransport#start}.
   *
   * @param context identity, network and inbound handler
   * @return an already completed stage, or one failed with {@link IllegalStateException} if the node
   *     was started before or is closed
   */
  public CompletionStage<Void> start(TransportContext context) {
    Objects.requireNonNull(context, "context");
    synchronized (fabric.lock()) {
      if (closed) {
        return CompletableFuture.failedStage(new IllegalStateException(
            "transport at " + address + " is closed; create a new one to start again"));
      }
      if (this.context != null) {
        return CompletableFuture.failedStage(
            new IllegalStateException("transport at " + address + " was already started"));
      }
      this.context = context;
    }
    return CompletableFuture.completedStage(null);
  }

  /**
   * Dials; see {@link InMemoryFabric#dial}.
   *
   * @param target where to connect
   * @param timeout positive
   * @return the connection or a failure with a {@code DialException}
   */
  public CompletionStage<Connection> dial(PeerAddress target, Duration timeout) {
    return fabric.dial(this, target, timeout);
  }

  /**
   * Where the node accepts connections.
   *
   * @return the address while started, listening and not closed; otherwise empty
   */
  public Optional<PeerAddress> listenAddress() {
    synchronized (fabric.lock()) {
      return isListeningLocked() ? Optional.of(address) : Optional.empty();
    }
  }

  /**
   * Closes the node: fails its pending dials with {@code CLOSED}, closes every connection with
   * {@code SHUTTING_DOWN} and stops accepting. Idempotent.
   *
   * @return completes as soon as the node has stopped accepting and every close has been started; the
   *     close notifications follow as scheduled deliveries
   */
  public CompletionStage<Void> close() {
    List<InMemoryFabric.PendingDial> dials;
    List<InMemoryConnection> ends;
    CompletableFuture<Void> stage;
    synchronized (fabric.lock()) {
      if (closeStage != null) {
        return closeStage;
      }
      closed = true;
      closeStage = new CompletableFuture<>();
      stage = closeStage;
      dials = new ArrayList<>(pendingDials);
      ends = new ArrayList<>(connections);
      fabric.nodeClosedLocked(this);
    }
    for (InMemoryFabric.PendingDial dial : dials) {
      fabric.failDialLater(dial, DialException.Failure.CLOSED,
          "transport at " + address + " closed during the dial");
    }
    String detail = "transport at " + address + " closed";
    for (InMemoryConnection end : ends) {
      end.close(DisconnectReason.local(DisconnectReason.Code.SHUTTING_DOWN, detail));
    }
    // Complete now rather than when the notifications arrive: they are scheduler tasks, and a caller
    // blocking on this stage (PeerManager.close() in a virtual-time test) would otherwise wait for time
    // that cannot pass while it blocks.
    stage.complete(null);
    return stage;
  }

  /**
   * How many connections of this node have not yet reported their close.
   *
   * @return the count
   */
  public int connectionCount() {
    synchronized (fabric.lock()) {
      return connections.size();
    }
  }

  // ---- guarded by the fabric's lock -------------------------------------------------------------

  TransportContext contextLocked() {
    return context;
  }

  boolean isStartedLocked() {
    return context != null && !closed;
  }

  boolean isListeningLocked() {
    return listens && context != null && !closed;
  }

  boolean isClosedLocked() {
    return closed;
  }

  /**
   * Whether the node accepts inbound connections once started.
   *
   * @return whether it listens
   */
  public boolean listens() {
    return listens;
  }

  LinkedHashSet<InMemoryConnection> connectionsLocked() {
    return connections;
  }

  LinkedHashSet<InMemoryFabric.PendingDial> pendingDialsLocked() {
    return pendingDials;
  }

  /** The address an inbound side sees for a connection from this node. */
  PeerAddress nextSourceAddressLocked() {
    if (!listens) {
      return address;
    }
    int port = FIRST_EPHEMERAL_PORT + ephemeralCounter;
    ephemeralCounter = (ephemeralCounter + 1) % EPHEMERAL_PORTS;
    return address.withPort(port);
  }

  /**
   * Describes the node.
   *
   * @return its address and whether it listens
   */
  @Override
  public String toString() {
    return "InMemoryNode[" + address + (listens ? "" : ", dials only") + "]";
  }
}
