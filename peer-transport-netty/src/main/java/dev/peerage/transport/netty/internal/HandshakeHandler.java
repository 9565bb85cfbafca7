package dev.peerage.transport.netty.internal;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Runs the handshake of one channel (docs/wire-protocol.md, "Handshake"): both sides send a HELLO as
 * soon as the connection is up, then a PROOF signing the transcript of both HELLOs; each verifies
 * the other's PROOF against the node id its HELLO claimed. On success the handler stops reading,
 * removes itself and tells its {@link HandshakeListener}; on any failure it sends a DISCONNECT
 * where that helps the remote, closes the channel and tells the listener why.
 *
 * <p>Self-connections are told apart from impersonators by the nonce: a HELLO that carries our own
 * node id and a nonce this transport sent in one of its own HELLOs can only come from ourselves.
 *
 * <p>Confined to the channel's event loop, like every handler.
 */
public final class HandshakeHandler extends ChannelInboundHandlerAdapter {
  private final NodeIdentity identity;
  private final NetworkId network;
  private final Direction direction;
  private final int listenPort;
  private final Duration timeout;
  private final Random random;
  private final RecentNonces ownNonces;
  private final FrameDecoder frameDecoder;
  private final MessageDecoder messageDecoder;
  private final int maxFrameSize;
  private final HandshakeListener listener;

  private byte[] ownHello;
  private Hello remoteHello;
  private byte[] remoteHelloBody;
  private boolean proofSent;
  private boolean finished;
  private ScheduledFuture<?> timer;

  /**
   * Creates the handler for one channel.
   *
   * @param identity our key pair
   * @param network our network
   * @param direction {@link Direction#OUTBOUND} if we dialled
   * @param listenPort our listen port for the HELLO, 0 if we do not listen
   * @param timeout how long the whole handshake may take from the connection being up
   * @param random the source of nonces (a {@code SecureRandom})
   * @param ownNonces the nonces of this transport's recent HELLOs, for self-detection
   * @param frameDecoder the channel's frame decoder, whose limit is raised on success
   * @param messageDecoder the channel's message decoder, switched to the messages after the
   *     handshake on success
   * @param maxFrameSize the frame limit after the handshake
   * @param listener told how the handshake ended
   */
  public HandshakeHandler(NodeIdentity identity, NetworkId network, Direction direction,
      int listenPort, Duration timeout, Random random, RecentNonces ownNonces,
      FrameDecoder frameDecoder, MessageDecoder messageDecoder, int maxFrameSize,
      HandshakeListener listener) {
    this.identity = identity;
    this.network = network;
    this.direction = direction;
    this.listenPort = listenPort;
    this.timeout = timeout;
    this.random = random;
    this.ownNonces = ownNonces;
    this.frameDecoder = frameDecoder;
    this.messageDecoder = messageDecoder;
    this.maxFrameSize = maxFrameSize;
    this.listener = listener;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    byte[] nonce = new byte[Wire.NONCE_BYTES];
    random.nextBytes(nonce);
    ownNonces.add(nonce);
    ownHello = new Hello(Wire.PROTOCOL_VERSION, network, identity.nodeId(), listenPort, nonce)
        .encode();
    timer = ctx.executor().schedule(() -> fail(ctx, DialException.Failure.TIMEOUT,
        DisconnectReason.local(DisconnectReason.Code.TIMEOUT,
            "handshake not completed within " + timeout), null, true),
        timeout.toNanos(), TimeUnit.NANOSECONDS);
    ctx.writeAndFlush(new WireMessage.HelloMessage(null, ownHello));
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (finished) {
      return; // closing after a failure: nothing more is read
    }
    try {
      if (msg instanceof WireMessage.HelloMessage hello) {
        onHello(ctx, hello);
      } else if (msg instanceof WireMessage.Proof proof) {
        onProof(ctx, proof);
      } else if (msg instanceof WireMessage.Disconnect disconnect) {
        fail(ctx, disconnect.code() == DisconnectReason.Code.SELF
                ? DialException.Failure.SELF : DialException.Failure.REFUSED,
            DisconnectReason.remote(disconnect.code(), disconnect.detail()), null, false);
      } else {
        // Whatever else the decoder let through, unparsed (WireMessage.OutOfPhase) or not.
        String what = msg instanceof WireMessage message ? Wire.describe(message.type())
            : "an object of " + msg.getClass().getName() + " (not a wire message)";
        ReferenceCountUtil.release(msg);
        throw badHandshake(what + " arrived during the handshake; expected "
            + (remoteHello == null ? "HELLO" : "PROOF"));
      }
    } catch (ProtocolException e) {
      fail(ctx, failureOf(e), DisconnectReason.local(e.code(), e.getMessage()), e.kind(), true);
    }
  }

  private void onHello(ChannelHandlerContext ctx, WireMessage.HelloMessage message) {
    if (remoteHello != null) {
      throw badHandshake("a second HELLO arrived, expected PROOF");
    }
    Hello hello = message.hello();
    if (hello.nodeId().equals(identity.nodeId())) {
      if (ownNonces.contains(hello.nonce())) {
        throw new ProtocolException(DisconnectReason.Code.SELF, null,
            "the connection leads back to this node itself");
      }
      throw new ProtocolException(DisconnectReason.Code.PROTOCOL_ERROR,
          MisbehaviourKind.IMPERSONATION, "the remote claims this node's own id "
          + identity.nodeId().shortString() + " without being this node");
    }
    remoteHello = hello;
    remoteHelloBody = message.body();
    byte[] signed = HandshakeTranscript.signedBytes(direction, diallerHello(), listenerHello());
    ctx.writeAndFlush(new WireMessage.Proof(identity.sign(signed)));
    proofSent = true;
  }

  private void onProof(ChannelHandlerContext ctx, WireMessage.Proof proof) {
    if (remoteHello == null || !proofSent) {
      throw badHandshake("PROOF arrived before HELLO");
    }
    Direction remoteRole = direction == Direction.OUTBOUND ? Direction.INBOUND : Direction.OUTBOUND;
    byte[] signed = HandshakeTranscript.signedBytes(remoteRole, diallerHello(), listenerHello());
    if (!NodeIdentity.verify(remoteHello.nodeId(), signed, proof.signature())) {
      throw new ProtocolException(DisconnectReason.Code.PROTOCOL_ERROR,
          MisbehaviourKind.IMPERSONATION, "PROOF does not verify for the claimed node id "
          + remoteHello.nodeId().shortString());
    }
    finished = true;
    cleanUp();
    frameDecoder.handshakeCompleted(maxFrameSize);
    messageDecoder.handshakeCompleted();
    // The receiver of the connection decides when to read on (Connection.activate).
    ctx.channel().config().setAutoRead(false);
    int version = Math.min(Wire.PROTOCOL_VERSION, remoteHello.version());
    listener.succeeded(ctx, new HandshakeResult(direction, remoteHello.nodeId(),
        remoteHello.network(), remoteHello.listenPort(), version));
    if (ctx.pipeline().context(this) != null) {
      ctx.pipeline().remove(this);
    }
  }

  private byte[] diallerHello() {
    return direction == Direction.OUTBOUND ? ownHello : remoteHelloBody;
  }

  private byte[] listenerHello() {
    return direction == Direction.OUTBOUND ? remoteHelloBody : ownHello;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (finished) {
      return;
    }
    Throwable root = cause instanceof DecoderException && cause.getCause() != null
        ? cause.getCause() : cause;
    if (root instanceof ProtocolException e) {
      fail(ctx, failureOf(e), DisconnectReason.local(e.code(), e.getMessage()), e.kind(), true);
    } else if (root instanceof IOException) {
      fail(ctx, DialException.Failure.REFUSED, DisconnectReason.remote(
          DisconnectReason.Code.NETWORK_ERROR, "during the handshake: " + root.getMessage()),
          null, false);
    } else {
      fail(ctx, DialException.Failure.HANDSHAKE_FAILED, DisconnectReason.local(
          DisconnectReason.Code.OTHER, "handshake failed: " + root), null, false);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(ctx, DialException.Failure.REFUSED, DisconnectReason.remote(
        DisconnectReason.Code.NETWORK_ERROR, "the remote closed the connection during the handshake"),
        null, false);
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cleanUp();
  }

  private void fail(ChannelHandlerContext ctx, DialException.Failure failure,
      DisconnectReason reason, MisbehaviourKind kind, boolean tellRemote) {
    if (finished) {
      return;
    }
    finished = true;
    cleanUp();
    if (tellRemote && ctx.channel().isActive()) {
      ctx.writeAndFlush(new WireMessage.Disconnect(reason.code(), reason.detail()));
    }
    ctx.close();
    listener.failed(failure, reason, kind, remoteHello == null ? null : remoteHello.nodeId());
  }

  private void cleanUp() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private static DialException.Failure failureOf(ProtocolException e) {
    return e.code() == DisconnectReason.Code.SELF
        ? DialException.Failure.SELF : DialException.Failure.HANDSHAKE_FAILED;
  }

  private static ProtocolException badHandshake(String message) {
    return new ProtocolException(
        DisconnectReason.Code.PROTOCOL_ERROR, MisbehaviourKind.BAD_HANDSHAKE, message);
  }
}
