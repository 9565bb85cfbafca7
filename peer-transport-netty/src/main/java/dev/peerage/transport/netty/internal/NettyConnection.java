package dev.peerage.transport.netty.internal;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Connection} over one authenticated Netty channel. The identity fields are fixed by the
 * handshake; everything that changes lives in the channel's {@link MessageDispatcher}, on the event
 * loop, and the methods here hop onto that loop. Thread-safe.
 */
public final class NettyConnection implements Connection {
  private final Channel channel;
  private final HandshakeResult handshake;
  private final PeerAddress remoteAddress;
  private final PeerAddress advertisedAddress;
  private final int maxPayloadSize;
  private final TrafficCounter traffic;
  private final MessageDispatcher dispatcher;
  private final AtomicBoolean activated = new AtomicBoolean();
  private final CompletableFuture<DisconnectReason> closed = new CompletableFuture<>();
  private final CompletableFuture<Void> remoteAdmitted = new CompletableFuture<>();
  private volatile boolean closing;
  private volatile long latencyNanos = -1;

  /**
   * Wraps a channel whose handshake has just completed.
   *
   * @param channel the channel, active
   * @param handshake what the handshake proved
   * @param settings the transport's settings
   * @param traffic the channel's byte counter
   */
  public NettyConnection(Channel channel, HandshakeResult handshake, TransportSettings settings,
      TrafficCounter traffic) {
    this.channel = channel;
    this.handshake = handshake;
    InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
    this.remoteAddress = PeerAddress.of(remote.getAddress(), remote.getPort());
    this.advertisedAddress =
        handshake.listenPort() > 0 ? remoteAddress.withPort(handshake.listenPort()) : null;
    this.maxPayloadSize = settings.maxPayloadSize();
    this.traffic = traffic;
    this.dispatcher = new MessageDispatcher(this, settings);
    if (handshake.version() < Wire.ADMITTED_VERSION) {
      // A version 1 peer never says whether it admitted us: it counts as admitted at once.
      remoteAdmitted.complete(null);
    }
  }

  /**
   * The pipeline handler that serves this connection; the transport installs it.
   *
   * @return the dispatcher
   */
  public MessageDispatcher dispatcher() {
    return dispatcher;
  }

  @Override
  public NodeId remoteNodeId() {
    return handshake.remoteNodeId();
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
    return handshake.direction();
  }

  @Override
  public NetworkId network() {
    return handshake.network();
  }

  /**
   * The protocol version both sides speak on this connection.
   *
   * @return the version
   */
  public int protocolVersion() {
    return handshake.version();
  }

  @Override
  public void activate(ConnectionHandler handler) {
    Objects.requireNonNull(handler, "handler");
    if (!activated.compareAndSet(false, true)) {
      throw new IllegalStateException("activate was already called on " + this);
    }
    onLoop(() -> dispatcher.activate(handler), () -> {
      // The event loop is gone (its group shut down): the channel closed with it.
      closed.complete(DisconnectReason.local(DisconnectReason.Code.SHUTTING_DOWN,
          "the transport's event loop has shut down"));
      failAdmission(closed.join());
      handler.onClosed(this, closed.join());
    });
  }

  /**
   * Completes when the remote's ADMITTED arrives (docs/wire-protocol.md, "Admission"): its host
   * activated its end. Fails if the connection closes first. On a connection of protocol version 1
   * the remote cannot tell, and the stage is complete from the start.
   *
   * @return the admission signal
   */
  @Override
  public CompletionStage<Void> remoteAdmitted() {
    return remoteAdmitted.minimalCompletionStage();
  }

  @Override
  public CompletionStage<Void> send(int channelNumber, byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    if (channelNumber < 0 || channelNumber > 0xFFFF) {
      return CompletableFuture.failedStage(new IllegalArgumentException(
          "channel must be 0 to 65535, was " + channelNumber));
    }
    if (payload.length > maxPayloadSize) {
      return CompletableFuture.failedStage(new IllegalArgumentException("payload of "
          + payload.length + " bytes is larger than the maximum of " + maxPayloadSize + " bytes"));
    }
    if (closing || !channel.isActive()) {
      return CompletableFuture.failedStage(new IllegalStateException(
          "the connection to " + remoteAddress + " is closed"));
    }
    if (!channel.isWritable()) {
      return CompletableFuture.failedStage(new IllegalStateException("peer " + remoteAddress
          + " reads too slowly: " + channel.unsafe().outboundBuffer().totalPendingWriteBytes()
          + " bytes are queued, above the high water mark of "
          + channel.config().getWriteBufferHighWaterMark()));
    }
    Written written = new Written(remoteAddress);
    channel.writeAndFlush(new WireMessage.AppMessage(channelNumber, payload)).addListener(written);
    return written;
  }

  /** The stage {@link #send} returns, which is also the write's listener: one object per send. */
  private static final class Written extends CompletableFuture<Void>
      implements ChannelFutureListener {
    private final PeerAddress remote;

    Written(PeerAddress remote) {
      this.remote = remote;
    }

    @Override
    public void operationComplete(ChannelFuture future) {
      if (future.isSuccess()) {
        complete(null);
      } else {
        completeExceptionally(new IllegalStateException(
            "the message to " + remote + " was not written", future.cause()));
      }
    }
  }

  @Override
  public CompletionStage<List<TimestampedAddress>> requestAddresses() {
    CompletableFuture<List<TimestampedAddress>> result = new CompletableFuture<>();
    onLoop(() -> dispatcher.requestAddresses(result), () -> result.completeExceptionally(
        new IllegalStateException("the connection to " + remoteAddress + " is closed")));
    return result;
  }

  @Override
  public int maxPayloadSize() {
    return maxPayloadSize;
  }

  @Override
  public void close(DisconnectReason reason) {
    DisconnectReason given =
        reason != null ? reason : DisconnectReason.local(DisconnectReason.Code.OTHER, "");
    DisconnectReason local = new DisconnectReason(given.code(), given.detail(), false);
    onLoop(() -> dispatcher.closeLocally(local), channel::close);
  }

  @Override
  public CompletionStage<DisconnectReason> closed() {
    return closed;
  }

  @Override
  public long bytesIn() {
    return traffic.bytesIn();
  }

  @Override
  public long bytesOut() {
    return traffic.bytesOut();
  }

  @Override
  public Optional<Duration> latency() {
    long nanos = latencyNanos;
    return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
  }

  /**
   * The channel underneath, for the transport and tests.
   *
   * @return the channel
   */
  public Channel channel() {
    return channel;
  }

  /**
   * Describes the connection for logs.
   *
   * @return direction, remote address and the remote node id's short form
   */
  @Override
  public String toString() {
    return "NettyConnection[" + handshake.direction() + " " + remoteAddress + " "
        + handshake.remoteNodeId().shortString() + "]";
  }

  // ---- for the dispatcher, on the event loop -----------------------------------------------------

  CompletableFuture<DisconnectReason> closedFuture() {
    return closed;
  }

  /** The remote's ADMITTED arrived. */
  void admittedByRemote() {
    remoteAdmitted.complete(null);
  }

  /** The connection is over for the host; the admission, if still awaited, never comes. */
  void failAdmission(DisconnectReason reason) {
    if (!remoteAdmitted.isDone()) {
      remoteAdmitted.completeExceptionally(new IllegalStateException("the connection to "
          + remoteAddress + " closed before the remote admitted it: " + reason.code()
          + (reason.detail().isEmpty() ? "" : ": " + reason.detail())));
    }
  }

  void markClosing() {
    closing = true;
  }

  void latency(Duration roundTrip) {
    latencyNanos = roundTrip.toNanos();
  }

  private void onLoop(Runnable task, Runnable ifLoopGone) {
    if (channel.eventLoop().inEventLoop()) {
      task.run();
      return;
    }
    try {
      channel.eventLoop().execute(task);
    } catch (RejectedExecutionException e) {
      ifLoopGone.run();
    }
  }
}
