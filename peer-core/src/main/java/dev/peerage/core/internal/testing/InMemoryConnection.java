package dev.peerage.core.internal.testing;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One end of a connection of an {@link InMemoryFabric}. The two ends of a connection point at each
 * other; what one end transmits waits in its {@code outgoing} queue until an arrival task, scheduled
 * with the link's latency, moves the head of that queue to the other end. Because every arrival task
 * takes the head rather than "its" frame, frames arrive in the order they were sent even when jitter
 * makes a later task fire first, as on a TCP stream.
 *
 * <p>What arrives waits in the {@code inbox} until it is delivered to the handler by a drain loop, of
 * which at most one runs per end: so callbacks of one end are ordered and never concurrent. All state
 * is guarded by the fabric's lock; handler callbacks and future completions run outside it.
 */
public final class InMemoryConnection implements Connection {
  /**
   * The most address requests one end may have unanswered; more fail at once. Requests are answered
   * in order over one link, so more outstanding ones would only wait longer.
   */
  public static final int MAX_OUTSTANDING_ADDRESS_REQUESTS = 16;

  private static final CompletionStage<Void> SENT = CompletableFuture.completedStage(null);

  private final InMemoryFabric fabric;
  private final Object lock;
  private final InMemoryNode node;
  private final Direction direction;
  private final NodeId remoteNodeId;
  private final PeerAddress remoteAddress;
  private final PeerAddress advertisedAddress;
  private final NetworkId network;
  private final CompletableFuture<DisconnectReason> closed = new CompletableFuture<>();
  private final CompletableFuture<Void> remoteAdmitted = new CompletableFuture<>();
  /** One arrival task object per end rather than one per frame. */
  private final Runnable arrival = this::arriveAtPeer;

  // All below guarded by lock.
  private InMemoryConnection peer;
  private final ArrayDeque<Frame> outgoing = new ArrayDeque<>(4);
  private final ArrayDeque<Frame> inbox = new ArrayDeque<>(4);
  private ArrayDeque<CompletableFuture<List<TimestampedAddress>>> awaitingAnswers;
  private ConnectionHandler handler;
  private boolean draining;
  private DisconnectReason reason;
  private InMemoryFabric.PendingDial pendingDial;
  private long bytesIn;
  private long bytesOut;
  private long roundTripNanos;

  InMemoryConnection(
      InMemoryFabric fabric,
      InMemoryNode node,
      Direction direction,
      NodeId remoteNodeId,
      PeerAddress remoteAddress,
      PeerAddress advertisedAddress,
      NetworkId network,
      long roundTripNanos) {
    this.fabric = fabric;
    this.lock = fabric.lock();
    this.node = node;
    this.direction = direction;
    this.remoteNodeId = remoteNodeId;
    this.remoteAddress = remoteAddress;
    this.advertisedAddress = advertisedAddress;
    this.network = network;
    this.roundTripNanos = roundTripNanos;
  }

  /** Joins two freshly made ends; caller holds the lock. */
  static void pair(InMemoryConnection a, InMemoryConnection b) {
    a.peer = b;
    b.peer = a;
  }

  @Override
  public NodeId remoteNodeId() {
    return remoteNodeId;
  }

  @Override
  public PeerAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Optional<PeerAddress> advertisedAddress() {
    return Optional.ofNullable(advertisedAddress);
  }

  @Override
  public Direction direction() {
    return direction;
  }

  @Override
  public NetworkId network() {
    return network;
  }

  @Override
  public void activate(ConnectionHandler handler) {
    Objects.requireNonNull(handler, "handler");
    synchronized (lock) {
      if (this.handler != null) {
        throw new IllegalStateException("activate was already called on " + this);
      }
      this.handler = handler;
      if (reason == null) {
        // Tell the other end we took the connection: its remoteAdmitted() completes one latency later.
        // A control signal outside the frame queue, so it neither counts against the in-flight limit
        // nor holds back frames behind it.
        InMemoryConnection other = peer;
        fabric.scheduleNanos(() -> {
          synchronized (lock) {
            if (other.reason != null) {
              return; // that end closed meanwhile: its remoteAdmitted() already failed
            }
          }
          other.remoteAdmitted.complete(null);
        }, fabric.sampleLatencyLocked(this));
      }
      if (!inbox.isEmpty() && !draining) {
        draining = true;
        fabric.later(this::drain);
      }
    }
  }

  @Override
  public CompletionStage<Void> remoteAdmitted() {
    return remoteAdmitted.minimalCompletionStage();
  }

  @Override
  public CompletionStage<Void> send(int channel, byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    if (channel < 0 || channel > 0xFFFF) {
      return CompletableFuture.failedStage(
          new IllegalArgumentException("channel must be 0 to 65535, was " + channel));
    }
    int max = fabric.maxPayloadSize();
    if (payload.length > max) {
      return CompletableFuture.failedStage(new IllegalArgumentException(
          "payload of " + payload.length + " bytes is larger than the maximum of " + max
              + " bytes"));
    }
    synchronized (lock) {
      if (reason != null) {
        return CompletableFuture.failedStage(closedException());
      }
      int unread = outgoing.size() + peer.inbox.size();
      if (unread >= fabric.maxInFlightMessages()) {
        return CompletableFuture.failedStage(new IllegalStateException(
            "peer " + remoteAddress + " reads too slowly: " + unread
                + " frames sent and not yet read, the limit is " + fabric.maxInFlightMessages()));
      }
      bytesOut += payload.length + InMemoryFabric.FRAME_OVERHEAD_BYTES;
      // A copy, so that every receiver owns its bytes even when one array is sent to many peers.
      transmitLocked(new Frame.Message(channel, payload.clone()), fabric.sampleLatencyLocked(this));
    }
    return SENT;
  }

  @Override
  public CompletionStage<List<TimestampedAddress>> requestAddresses() {
    synchronized (lock) {
      if (reason != null) {
        return CompletableFuture.failedStage(closedException());
      }
      if (awaitingAnswers == null) {
        awaitingAnswers = new ArrayDeque<>(2);
      }
      if (awaitingAnswers.size() >= MAX_OUTSTANDING_ADDRESS_REQUESTS) {
        return CompletableFuture.failedStage(new IllegalStateException(
            awaitingAnswers.size() + " address requests to " + remoteAddress
                + " are already unanswered, the limit is " + MAX_OUTSTANDING_ADDRESS_REQUESTS));
      }
      CompletableFuture<List<TimestampedAddress>> answer = new CompletableFuture<>();
      awaitingAnswers.add(answer);
      bytesOut += InMemoryFabric.FRAME_OVERHEAD_BYTES;
      long latency = fabric.sampleLatencyLocked(this);
      transmitLocked(new Frame.AddressRequest(latency), latency);
      return answer;
    }
  }

  @Override
  public int maxPayloadSize() {
    return fabric.maxPayloadSize();
  }

  @Override
  public void close(DisconnectReason reason) {
    DisconnectReason given =
        reason != null ? reason : DisconnectReason.local(DisconnectReason.Code.OTHER, "");
    synchronized (lock) {
      closeLocked(
          new DisconnectReason(given.code(), given.detail(), false),
          new DisconnectReason(given.code(), given.detail(), true),
          false);
    }
  }

  @Override
  public CompletionStage<DisconnectReason> closed() {
    return closed;
  }

  @Override
  public long bytesIn() {
    synchronized (lock) {
      return bytesIn;
    }
  }

  @Override
  public long bytesOut() {
    synchronized (lock) {
      return bytesOut;
    }
  }

  @Override
  public Optional<Duration> latency() {
    synchronized (lock) {
      return Optional.of(Duration.ofNanos(roundTripNanos));
    }
  }

  /**
   * Describes the end for logs.
   *
   * @return the direction, the local and remote addresses and the remote node id's short form
   */
  @Override
  public String toString() {
    return "InMemoryConnection[" + direction + " " + node.address() + " <-> " + remoteAddress
        + " " + remoteNodeId.shortString() + "]";
  }

  // ---- package-private machinery, used by the fabric --------------------------------------------

  InMemoryNode node() {
    return node;
  }

  /** The other end; caller holds the lock. */
  InMemoryConnection peerLocked() {
    return peer;
  }

  /** Whether this end is closing or closed; caller holds the lock. */
  boolean isClosingLocked() {
    return reason != null;
  }

  /** The future that completes when this end has reported its close. */
  CompletableFuture<DisconnectReason> closedFuture() {
    return closed;
  }

  /** Remembers the dial this outbound end answers; caller holds the lock. */
  void awaitHandshakeLocked(InMemoryFabric.PendingDial dial) {
    this.pendingDial = dial;
  }

  /** Sends the handshake reply of an accepted dial toward the dialling end; caller holds the lock. */
  void transmitHandshakeLocked(long latencyNanos) {
    transmitLocked(Frame.Handshake.INSTANCE, latencyNanos);
  }

  /**
   * The network broke this connection: both ends close with {@code NETWORK_ERROR} as a remote reason,
   * what was in flight is lost, what already arrived is still delivered. Caller holds the lock.
   */
  void breakLocked(String detail) {
    DisconnectReason broken = DisconnectReason.remote(DisconnectReason.Code.NETWORK_ERROR, detail);
    outgoing.clear();
    peer.outgoing.clear();
    closeLocked(broken, null, true);
    peer.closeLocked(broken, null, true);
  }

  /**
   * Closes this end. {@code ownReason} is what this end reports; {@code toPeer}, if not null, travels
   * to the other end behind everything sent before. Caller holds the lock.
   */
  void closeLocked(DisconnectReason ownReason, DisconnectReason toPeer, boolean keepInbox) {
    if (reason != null) {
      return;
    }
    reason = ownReason;
    fabric.connectionEndClosingLocked(this);
    if (!remoteAdmitted.isDone()) {
      IllegalStateException notAdmitted = new IllegalStateException(
          "connection to " + remoteAddress + " closed before the remote admitted it: " + ownReason);
      fabric.later(() -> remoteAdmitted.completeExceptionally(notAdmitted));
    }
    if (awaitingAnswers != null && !awaitingAnswers.isEmpty()) {
      List<CompletableFuture<List<TimestampedAddress>>> unanswered =
          new ArrayList<>(awaitingAnswers);
      awaitingAnswers.clear();
      IllegalStateException failure = closedException();
      fabric.later(() -> unanswered.forEach(answer -> answer.completeExceptionally(failure)));
    }
    if (toPeer != null) {
      transmitLocked(new Frame.Close(toPeer), fabric.sampleLatencyLocked(this));
    }
    if (!keepInbox) {
      // A side that closes stops reading: what it has not taken yet is dropped.
      inbox.clear();
    }
    inbox.add(new Frame.Close(ownReason));
    if (handler != null) {
      if (!draining) {
        draining = true;
        fabric.later(this::drain);
      }
    } else {
      // Nobody to tell yet: complete closed() now; onClosed waits in the inbox for activate().
      DisconnectReason done = ownReason;
      fabric.later(() -> {
        synchronized (lock) {
          fabric.forgetLocked(this);
        }
        closed.complete(done);
      });
    }
  }

  private void transmitLocked(Frame frame, long latencyNanos) {
    outgoing.add(frame);
    fabric.scheduleNanos(arrival, latencyNanos);
  }

  /** An arrival task: moves the oldest frame in flight to the other end. */
  private void arriveAtPeer() {
    Runnable after;
    synchronized (lock) {
      Frame frame = outgoing.poll();
      if (frame == null) {
        return; // lost when the network broke the connection
      }
      after = peer.receiveLocked(frame);
    }
    if (after != null) {
      after.run();
    }
  }

  /** Takes an arrived frame; returns what to run outside the lock, or null. */
  private Runnable receiveLocked(Frame frame) {
    if (frame instanceof Frame.Handshake) {
      InMemoryFabric.PendingDial dial = pendingDial;
      pendingDial = null;
      if (reason != null || dial == null) {
        return null;
      }
      return () -> fabric.handshakeArrived(dial, this);
    }
    if (reason != null) {
      return null; // this end has closed: nothing more is read
    }
    if (frame instanceof Frame.Close close) {
      closeLocked(close.reason(), null, true);
      return null;
    }
    if (frame instanceof Frame.AddressAnswer answer) {
      bytesIn += answer.wireSize();
      roundTripNanos = answer.roundTripNanos();
      CompletableFuture<List<TimestampedAddress>> waiting =
          awaitingAnswers == null ? null : awaitingAnswers.poll();
      Runnable drain = null;
      if (handler != null) {
        drain = enqueueLocked(new Frame.LatencySample(Duration.ofNanos(answer.roundTripNanos())));
      }
      Runnable thenDrain = drain;
      return () -> {
        if (waiting != null) {
          waiting.complete(answer.addresses());
        }
        if (thenDrain != null) {
          thenDrain.run();
        }
      };
    }
    bytesIn += frame.wireSize();
    if (handler == null && inbox.size() >= fabric.maxPendingDeliveries()) {
      String detail = "more than " + fabric.maxPendingDeliveries()
          + " deliveries waited for activate()";
      closeLocked(
          DisconnectReason.local(DisconnectReason.Code.PROTOCOL_ERROR, detail),
          DisconnectReason.remote(DisconnectReason.Code.PROTOCOL_ERROR, detail),
          false);
      return null;
    }
    return enqueueLocked(frame);
  }

  /** Queues a frame for the handler; returns the drain loop to run if none runs yet. */
  private Runnable enqueueLocked(Frame frame) {
    inbox.add(frame);
    if (handler != null && !draining) {
      draining = true;
      return this::drain;
    }
    return null;
  }

  /** Delivers the inbox to the handler, one frame at a time, until it is empty. */
  private void drain() {
    while (true) {
      Frame frame;
      ConnectionHandler target;
      synchronized (lock) {
        frame = inbox.poll();
        if (frame == null) {
          draining = false;
          return;
        }
        target = handler;
        if (frame instanceof Frame.Close) {
          fabric.forgetLocked(this);
        }
      }
      boolean delivered = false;
      try {
        deliver(target, frame);
        delivered = true;
      } finally {
        if (!delivered) {
          // The handler threw: let the scheduler report it, but keep delivering in a new task.
          synchronized (lock) {
            if (inbox.isEmpty()) {
              draining = false;
            } else {
              fabric.later(this::drain);
            }
          }
        }
      }
    }
  }

  private void deliver(ConnectionHandler target, Frame frame) {
    if (frame instanceof Frame.Message message) {
      fabric.countDelivered();
      target.onMessage(this, message.channel(), message.payload());
    } else if (frame instanceof Frame.AddressRequest request) {
      answer(target, request);
    } else if (frame instanceof Frame.LatencySample sample) {
      target.onLatency(this, sample.roundTrip());
    } else if (frame instanceof Frame.Close close) {
      try {
        target.onClosed(this, close.reason());
      } finally {
        closed.complete(close.reason());
      }
    }
  }

  private void answer(ConnectionHandler target, Frame.AddressRequest request) {
    List<TimestampedAddress> offered = target.onAddressRequest(this);
    int cap = fabric.maxAddressesPerAnswer();
    List<TimestampedAddress> addresses;
    if (offered == null || offered.isEmpty() || cap == 0) {
      addresses = List.of();
    } else {
      addresses = List.copyOf(offered.size() > cap ? offered.subList(0, cap) : offered);
    }
    synchronized (lock) {
      if (reason != null) {
        return;
      }
      long latency = fabric.sampleLatencyLocked(this);
      Frame.AddressAnswer answer =
          new Frame.AddressAnswer(addresses, request.requestLatencyNanos() + latency);
      bytesOut += answer.wireSize();
      transmitLocked(answer, latency);
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("connection to " + remoteAddress + " is closed: " + reason);
  }

  /** What travels between the two ends, and what waits for the handler. */
  private sealed interface Frame {
    /** Bytes the frame counts in bytesIn and bytesOut. */
    default long wireSize() {
      return InMemoryFabric.FRAME_OVERHEAD_BYTES;
    }

    /** The handshake reply that completes the dial. */
    enum Handshake implements Frame {
      INSTANCE
    }

    record Message(int channel, byte[] payload) implements Frame {
      @Override
      public long wireSize() {
        return InMemoryFabric.FRAME_OVERHEAD_BYTES + payload.length;
      }
    }

    /** Carries the sampled latency of its own leg, to measure the round trip without a clock. */
    record AddressRequest(long requestLatencyNanos) implements Frame {}

    record AddressAnswer(List<TimestampedAddress> addresses, long roundTripNanos)
        implements Frame {
      @Override
      public long wireSize() {
        return InMemoryFabric.FRAME_OVERHEAD_BYTES
            + (long) InMemoryFabric.ADDRESS_ENTRY_BYTES * addresses.size();
      }
    }

    record Close(DisconnectReason reason) implements Frame {}

    /** Inbox only: an address round trip measured the latency. */
    record LatencySample(Duration roundTrip) implements Frame {}
  }
}
