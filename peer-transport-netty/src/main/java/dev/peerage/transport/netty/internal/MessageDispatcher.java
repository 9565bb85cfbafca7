package dev.peerage.transport.netty.internal;

import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.transport.netty.NettyTransport;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an authenticated channel: turns messages into {@link ConnectionHandler}
 * callbacks of its {@link NettyConnection}, answers and polices address requests, and ends the
 * connection on faults, disconnects and missing pongs with exactly one {@code onClosed}.
 *
 * <p>Until the connection is activated the channel does not read; the few messages decoded from the
 * last read before that (a peer may send right after its proof) are held, at most {@value
 * #MAX_HELD}, and delivered in order on activation. Reading also pauses while the channel is not
 * writable, so a peer that sends requests but does not read the answers stalls itself, not our
 * memory.
 *
 * <p>Admission (docs/wire-protocol.md, "Admission"): on a connection of protocol version 2 or later
 * each side writes one ADMITTED right after its host activated it, behind everything it sent
 * before; the remote's ADMITTED completes {@link NettyConnection#remoteAdmitted()}.
 *
 * <p>Closing ("Closing" in the same page): a side that closes writes its DISCONNECT, then shuts its
 * output down (TCP FIN) and reads on, discarding, until the remote closes its end, at most {@link
 * #CLOSE_LINGER}. It never closes the socket while the remote may still be sending, so the kernel
 * has no cause to answer the remote's bytes with a reset, which would discard what the remote has
 * not read yet, our DISCONNECT among it. For the host the connection is over at once: {@code
 * onClosed} and {@link NettyConnection#closed()} do not wait for the linger.
 *
 * <p>Confined to the channel's event loop; the connection's thread-safe methods hop onto it.
 */
public final class MessageDispatcher extends ChannelInboundHandlerAdapter {
  /** The most messages held for a connection that is not yet activated. */
  static final int MAX_HELD = 64;

  /**
   * How long a side that closed its output keeps reading for the remote's end of stream before it
   * closes the socket anyway: bounds what a remote that never closes can hold.
   */
  public static final Duration CLOSE_LINGER = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(MessageDispatcher.class);

  private final NettyConnection connection;
  private final TransportSettings settings;
  private final ArrayDeque<Object> held = new ArrayDeque<>();

  private ChannelHandlerContext ctx;
  private ConnectionHandler handler;
  private boolean closing;
  private boolean inactive;
  private boolean reportedClose;
  /** The connection is over for the host: closed locally, by the remote, or the channel is gone. */
  private boolean over;
  private boolean remoteAdmittedSeen;
  private ScheduledFuture<?> lingerTimer;
  private DisconnectReason reason;
  private CompletableFuture<List<TimestampedAddress>> pendingRequest;
  private ScheduledFuture<?> requestTimer;
  private long windowStartNanos;
  private int windowCount;

  /** A fault found before activation, reported on activation. */
  private record Fault(MisbehaviourKind kind, String evidence) {}

  MessageDispatcher(NettyConnection connection, TransportSettings settings) {
    this.connection = connection;
    this.settings = settings;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.windowStartNanos = ctx.executor().ticker().nanoTime();
  }

  // ---- calls from NettyConnection, on the event loop ----------------------------------------------

  void activate(ConnectionHandler handler) {
    this.handler = handler;
    if (ctx.channel().isActive() && ctx.pipeline().get(NettyTransport.KEEP_ALIVE) != null) {
      ctx.pipeline().addBefore(NettyTransport.KEEP_ALIVE, NettyTransport.IDLE_STATE,
          new IdleStateHandler(false, settings.pingInterval().toNanos(), 0, 0,
              TimeUnit.NANOSECONDS));
    }
    while (!held.isEmpty()) {
      Object next = held.poll();
      if (next instanceof Fault fault) {
        safely(() -> handler.onMisbehaviour(connection, fault.kind(), fault.evidence()));
      } else {
        // Held only while the connection was open: it arrived before any close, so it counts.
        process((WireMessage) next);
      }
    }
    if (!closing && !inactive && connection.protocolVersion() >= Wire.ADMITTED_VERSION) {
      // Behind whatever the held messages made the handler send; ahead of all it sends later.
      ctx.writeAndFlush(WireMessage.Admitted.INSTANCE);
    }
    if (over) {
      reportClose();
    } else {
      updateAutoRead();
    }
  }

  void requestAddresses(CompletableFuture<List<TimestampedAddress>> result) {
    if (closing || inactive) {
      result.completeExceptionally(closedException());
      return;
    }
    if (pendingRequest != null) {
      // One request in flight per connection; later callers share its answer.
      pendingRequest.whenComplete((addresses, error) -> {
        if (error != null) {
          result.completeExceptionally(error);
        } else {
          result.complete(addresses);
        }
      });
      return;
    }
    pendingRequest = result;
    ctx.writeAndFlush(WireMessage.GetAddresses.INSTANCE);
    Duration timeout = settings.addressRequestTimeout();
    requestTimer = ctx.executor().schedule(() -> {
      requestTimer = null;
      if (pendingRequest == result) {
        pendingRequest = null;
        result.completeExceptionally(new TimeoutException("no ADDRESSES from "
            + connection.remoteAddress() + " within " + timeout));
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  void closeLocally(DisconnectReason local) {
    if (reason == null) {
      reason = local;
    }
    if (closing) {
      return;
    }
    closing = true;
    connection.markClosing();
    failPendingRequest();
    KeepAliveHandler keepAlive = ctx.pipeline().get(KeepAliveHandler.class);
    if (keepAlive != null) {
      keepAlive.stop();
    }
    if (ctx.channel().isActive() && ctx.channel() instanceof DuplexChannel duplex) {
      // Written behind everything sent before; once it is out, the FIN follows it. Reading goes on
      // (and discards) until the remote's end of stream, so no byte of the remote's is left unread
      // when the socket closes.
      ctx.writeAndFlush(new WireMessage.Disconnect(local.code(), local.detail()))
          .addListener(written -> {
            if (written.isSuccess() && duplex.isActive()) {
              duplex.shutdownOutput().addListener(shut -> {
                if (!shut.isSuccess()) {
                  ctx.close();
                }
              });
            } else {
              ctx.close();
            }
          });
      lingerTimer = ctx.executor().schedule(() -> {
        lingerTimer = null;
        ctx.close();
      }, CLOSE_LINGER.toNanos(), TimeUnit.NANOSECONDS);
      updateAutoRead();
    } else {
      if (ctx.channel().isActive()) {
        ctx.writeAndFlush(new WireMessage.Disconnect(local.code(), local.detail()));
      }
      ctx.close();
    }
    // Not from within the caller's callback: onClosed comes as a callback of its own.
    ctx.executor().execute(this::endForHost);
  }

  // ---- pipeline events ----------------------------------------------------------------------------

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WireMessage message)) {
      ReferenceCountUtil.release(msg); // nothing of ours: a host handler let it through
      return;
    }
    if (message instanceof WireMessage.Disconnect disconnect) {
      if (reason == null) {
        reason = DisconnectReason.remote(disconnect.code(), disconnect.detail());
      }
      closing = true;
      connection.markClosing();
      ctx.close();
      return;
    }
    if (closing) {
      return; // a side that closes takes nothing more (and discards while it lingers)
    }
    if (handler == null) {
      if (held.size() >= MAX_HELD) {
        fault(ProtocolException.violation(
            "more than " + MAX_HELD + " messages arrived before the connection was activated"));
      } else {
        held.add(message);
      }
      return;
    }
    process(message);
  }

  private void process(WireMessage message) {
    if (message instanceof WireMessage.AppMessage app) {
      // Inline rather than through safely(...): no capturing lambda for every message.
      try {
        handler.onMessage(connection, app.channel(), app.payload());
      } catch (RuntimeException e) {
        log.warn("a connection handler callback for {} threw; the connection goes on",
            connection.remoteAddress(), e);
      }
    } else if (message instanceof WireMessage.Admitted) {
      onAdmitted();
    } else if (message instanceof WireMessage.GetAddresses) {
      answerAddressRequest();
    } else if (message instanceof WireMessage.Addresses addresses) {
      onAddresses(addresses.addresses());
    } else if (message instanceof WireMessage.OutOfPhase outOfPhase) {
      fault(ProtocolException.violation(
          Wire.describe(outOfPhase.type()) + " arrived after the handshake"));
    }
    // PING and PONG never get here: the keep-alive handler takes them.
  }

  private void onAdmitted() {
    if (connection.protocolVersion() < Wire.ADMITTED_VERSION) {
      fault(ProtocolException.violation("ADMITTED (type 0x12) arrived on a connection of protocol "
          + "version " + connection.protocolVersion() + ", which has no such message"));
    } else if (remoteAdmittedSeen) {
      fault(ProtocolException.violation("a second ADMITTED arrived; it is sent once"));
    } else {
      remoteAdmittedSeen = true;
      connection.admittedByRemote();
    }
  }

  private void answerAddressRequest() {
    int limit = settings.addressRequestsPerWindow();
    int count = countAddressMessage();
    if (count > 2 * limit) {
      fault(new ProtocolException(DisconnectReason.Code.PROTOCOL_ERROR,
          MisbehaviourKind.RATE_LIMIT_EXCEEDED, count + " address messages within "
          + settings.addressRequestWindow() + ", the limit is " + limit));
      return;
    }
    List<TimestampedAddress> answer = List.of();
    if (count > limit) {
      // Answered, but empty: an honest peer that asks too often does not hang on its request.
      misbehaviour(MisbehaviourKind.RATE_LIMIT_EXCEEDED, "GET_ADDRESSES number " + count
          + " within " + settings.addressRequestWindow() + ", the limit is " + limit);
    } else {
      answer = offeredAddresses();
    }
    ctx.writeAndFlush(new WireMessage.Addresses(answer));
  }

  private List<TimestampedAddress> offeredAddresses() {
    List<TimestampedAddress> offered;
    try {
      offered = handler.onAddressRequest(connection);
    } catch (RuntimeException e) {
      log.warn("the connection handler failed to answer an address request from {}",
          connection.remoteAddress(), e);
      return List.of();
    }
    if (offered == null || offered.isEmpty()) {
      return List.of();
    }
    // Capped by count and by what fits in one frame, whatever the handler offered.
    int budget = settings.maxFrameSize() - 3;
    int cap = Math.min(offered.size(), settings.maxAddressesPerMessage());
    List<TimestampedAddress> answer = new ArrayList<>(cap);
    for (TimestampedAddress entry : offered) {
      if (answer.size() == cap) {
        break;
      }
      if (entry == null) {
        continue;
      }
      budget -= MessageEncoder.entrySize(entry.address());
      if (budget < 0) {
        break;
      }
      answer.add(entry);
    }
    return answer;
  }

  private void onAddresses(List<TimestampedAddress> addresses) {
    int limit = settings.addressRequestsPerWindow();
    int count = countAddressMessage();
    if (pendingRequest != null) {
      CompletableFuture<List<TimestampedAddress>> answered = pendingRequest;
      pendingRequest = null;
      cancelRequestTimer();
      answered.complete(addresses);
      return;
    }
    if (count > 2 * limit) {
      fault(new ProtocolException(DisconnectReason.Code.PROTOCOL_ERROR,
          MisbehaviourKind.ADDRESS_FLOOD, count + " address messages within "
          + settings.addressRequestWindow() + ", the limit is " + limit));
      return;
    }
    misbehaviour(MisbehaviourKind.UNSOLICITED_MESSAGE,
        "ADDRESSES with " + addresses.size() + " entries that nobody asked for");
  }

  /** Counts an address message in the current window; returns the count so far, this one included. */
  private int countAddressMessage() {
    long now = ctx.executor().ticker().nanoTime();
    if (now - windowStartNanos >= settings.addressRequestWindow().toNanos()) {
      windowStartNanos = now;
      windowCount = 0;
    }
    return ++windowCount;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof KeepAliveEvent.Latency latency) {
      connection.latency(latency.roundTrip());
      if (handler != null && !closing) {
        safely(() -> handler.onLatency(connection, latency.roundTrip()));
      }
    } else if (evt instanceof KeepAliveEvent.PongMissing missing) {
      closeLocally(DisconnectReason.local(DisconnectReason.Code.TIMEOUT,
          "no PONG within " + missing.waited()));
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    updateAutoRead();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root = cause instanceof DecoderException && cause.getCause() != null
        ? cause.getCause() : cause;
    if (root instanceof ProtocolException e) {
      fault(e);
    } else if (root instanceof IOException) {
      if (reason == null) {
        reason = DisconnectReason.remote(DisconnectReason.Code.NETWORK_ERROR,
            String.valueOf(root.getMessage()));
      }
      closing = true;
      connection.markClosing();
      ctx.close();
    } else {
      log.warn("unexpected failure on the connection to {}; closing it",
          connection.remoteAddress(), root);
      closeLocally(DisconnectReason.local(DisconnectReason.Code.OTHER, "internal error: " + root));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    inactive = true;
    closing = true;
    connection.markClosing();
    if (lingerTimer != null) {
      lingerTimer.cancel(false);
      lingerTimer = null;
    }
    if (reason == null) {
      reason = DisconnectReason.remote(DisconnectReason.Code.NETWORK_ERROR,
          "the connection closed without a DISCONNECT");
    }
    failPendingRequest();
    endForHost();
  }

  /** The connection is over for the host: tells it, or, before activation, completes closed(). */
  private void endForHost() {
    over = true;
    connection.failAdmission(reason);
    if (handler != null) {
      reportClose();
    } else {
      // Nobody to tell yet: closed() completes now, onClosed follows on activation.
      connection.closedFuture().complete(reason);
    }
  }

  private void reportClose() {
    if (reportedClose) {
      return;
    }
    reportedClose = true;
    DisconnectReason done = reason;
    try {
      safely(() -> handler.onClosed(connection, done));
    } finally {
      connection.closedFuture().complete(done);
    }
  }

  private void fault(ProtocolException e) {
    if (closing) {
      return;
    }
    if (e.kind() != null) {
      misbehaviour(e.kind(), e.getMessage());
    }
    closeLocally(DisconnectReason.local(e.code(), e.getMessage()));
  }

  private void misbehaviour(MisbehaviourKind kind, String evidence) {
    if (handler != null) {
      safely(() -> handler.onMisbehaviour(connection, kind, evidence));
    } else {
      held.add(new Fault(kind, evidence));
    }
  }

  private void updateAutoRead() {
    // While closing, read on regardless (and discard) until the remote's end of stream.
    boolean wanted = closing ? !inactive : handler != null && ctx.channel().isWritable();
    if (ctx.channel().config().isAutoRead() != wanted) {
      ctx.channel().config().setAutoRead(wanted);
    }
  }

  private void failPendingRequest() {
    cancelRequestTimer();
    if (pendingRequest != null) {
      CompletableFuture<List<TimestampedAddress>> failed = pendingRequest;
      pendingRequest = null;
      failed.completeExceptionally(closedException());
    }
  }

  private void cancelRequestTimer() {
    if (requestTimer != null) {
      requestTimer.cancel(false);
      requestTimer = null;
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("the connection to " + connection.remoteAddress()
        + " is closed" + (reason == null ? "" : ": " + reason.code() + " " + reason.detail()));
  }

  private void safely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.warn("a connection handler callback for {} threw; the connection goes on",
          connection.remoteAddress(), e);
    }
  }
}
