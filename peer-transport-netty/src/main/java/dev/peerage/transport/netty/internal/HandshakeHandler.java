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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
 * <p>Threading. The handler's state is confined to the channel's event loop, like every handler's;
 * the two Ed25519 operations are not. Signing our PROOF and verifying the remote's run on the
 * transport's {@link HandshakeCrypto} threads, and their results come back to the event loop as a
 * task, so a storm of handshakes never holds up the reads and writes of established connections on
 * the same loop. The remote's PROOF may arrive while our signature is still being computed; it is
 * verified once ours is sent. A remote may send what follows the handshake right behind its PROOF,
 * in the same socket read, so when the PROOF arrives the handler stops reading and switches the
 * decoders to the limits after the handshake; whatever is decoded until the verdict is held (at
 * most the rest of that read and one frame) and handed on in order on success, or released on
 * failure. Every path that ends the handshake (success, failure,
 * timeout, the channel closing) passes the {@code finished} flag once, so the listener is called
 * exactly once; a crypto result that comes back after that is dropped, with nothing written. A
 * task the crypto threads refuse (their queue is bounded) fails the handshake with a DISCONNECT
 * {@code OTHER} whose detail names the limit.
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
  private final HandshakeCrypto crypto;

  private byte[] ownHello;
  private Hello remoteHello;
  private byte[] remoteHelloBody;
  private boolean proofSent;
  /** The remote's PROOF, when it came while our signature was still being computed. */
  private WireMessage.Proof pendingProof;
  /** Whether the remote's PROOF has arrived: what comes after it is held until the verdict. */
  private boolean holding;
  /** What arrived after the remote's PROOF, to hand on after success. */
  private final List<Object> held = new ArrayList<>();
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
   * @param crypto the threads that sign and verify
   */
  public HandshakeHandler(NodeIdentity identity, NetworkId network, Direction direction,
      int listenPort, Duration timeout, Random random, RecentNonces ownNonces,
      FrameDecoder frameDecoder, MessageDecoder messageDecoder, int maxFrameSize,
      HandshakeListener listener, HandshakeCrypto crypto) {
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
    this.crypto = crypto;
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
      ReferenceCountUtil.release(msg);
      return; // closing after a failure: nothing more is read
    }
    if (holding) {
      held.add(msg); // decoded with the limits after the handshake; handed on if it succeeds
      return;
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
      fail(ctx, e);
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
    offload(ctx, () -> identity.sign(signed), this::onSigned);
  }

  /** Our signature is ready: send it, then check the remote's PROOF if it came meanwhile. */
  private void onSigned(ChannelHandlerContext ctx, byte[] signature) {
    ctx.writeAndFlush(new WireMessage.Proof(signature));
    proofSent = true;
    if (pendingProof != null) {
      WireMessage.Proof proof = pendingProof;
      pendingProof = null;
      verify(ctx, proof);
    }
  }

  private void onProof(ChannelHandlerContext ctx, WireMessage.Proof proof) {
    if (remoteHello == null) {
      throw badHandshake("PROOF arrived before HELLO");
    }
    // The remote may send what follows the handshake right behind its PROOF, in the same socket
    // read: read no more, and decode the rest as after the handshake, held until the verdict.
    holding = true;
    // Off until the verdict, and after success too: the receiver of the connection decides when to
    // read on (Connection.activate).
    ctx.channel().config().setAutoRead(false);
    frameDecoder.handshakeCompleted(maxFrameSize);
    messageDecoder.handshakeCompleted();
    if (proofSent) {
      verify(ctx, proof);
    } else {
      pendingProof = proof; // our signature is still being computed
    }
  }

  private void verify(ChannelHandlerContext ctx, WireMessage.Proof proof) {
    Direction remoteRole = direction == Direction.OUTBOUND ? Direction.INBOUND : Direction.OUTBOUND;
    byte[] signed = HandshakeTranscript.signedBytes(remoteRole, diallerHello(), listenerHello());
    NodeId claimed = remoteHello.nodeId();
    offload(ctx, () -> NodeIdentity.verify(claimed, signed, proof.signature()), this::onVerified);
  }

  private void onVerified(ChannelHandlerContext ctx, boolean valid) {
    if (!valid) {
      throw new ProtocolException(DisconnectReason.Code.PROTOCOL_ERROR,
          MisbehaviourKind.IMPERSONATION, "PROOF does not verify for the claimed node id "
          + remoteHello.nodeId().shortString());
    }
    List<Object> after = new ArrayList<>(held);
    held.clear();
    finished = true;
    cleanUp();
    int version = Math.min(Wire.PROTOCOL_VERSION, remoteHello.version());
    listener.succeeded(ctx, new HandshakeResult(direction, remoteHello.nodeId(),
        remoteHello.network(), remoteHello.listenPort(), version));
    for (Object message : after) {
      // To the handlers the listener installed behind this one, in the order they came.
      if (message instanceof HeldFault fault) {
        ctx.fireExceptionCaught(fault.cause());
      } else {
        ctx.fireChannelRead(message);
      }
    }
    if (!after.isEmpty()) {
      ctx.fireChannelReadComplete();
    }
    if (ctx.pipeline().context(this) != null) {
      ctx.pipeline().remove(this);
    }
  }

  /** A fault raised by the decoders after the remote's PROOF, held with the messages. */
  private record HeldFault(Throwable cause) {}

  /** What to do on the event loop with a crypto result. */
  @FunctionalInterface
  private interface Continuation<T> {
    void accept(ChannelHandlerContext ctx, T result);
  }

  /**
   * Runs {@code work} on the crypto threads and {@code then} with its result on the channel's event
   * loop, unless the handshake has ended by then. A refused task fails the handshake at once.
   */
  private <T> void offload(ChannelHandlerContext ctx, Supplier<T> work, Continuation<T> then) {
    Runnable task = () -> {
      T result;
      try {
        result = work.get();
      } catch (RuntimeException e) {
        onEventLoop(ctx, () -> fail(ctx, DialException.Failure.HANDSHAKE_FAILED,
            DisconnectReason.local(DisconnectReason.Code.OTHER, "handshake failed: " + e), null,
            true));
        return;
      }
      onEventLoop(ctx, () -> {
        if (finished) {
          return; // timed out, failed or closed meanwhile: nothing to write, no one to tell
        }
        try {
          then.accept(ctx, result);
        } catch (ProtocolException e) {
          fail(ctx, e);
        }
      });
    };
    try {
      crypto.execute(direction, task);
    } catch (RejectedExecutionException e) {
      fail(ctx, DialException.Failure.HANDSHAKE_FAILED,
          DisconnectReason.local(DisconnectReason.Code.OTHER, e.getMessage()), null, true);
    }
  }

  private static void onEventLoop(ChannelHandlerContext ctx, Runnable step) {
    try {
      ctx.executor().execute(step);
    } catch (RejectedExecutionException e) {
      // The event loop has shut down, so the channel is closed and the handshake was ended there.
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
    if (holding) {
      // A fault in what came after the PROOF: the connection's to report once it exists.
      held.add(new HeldFault(cause));
      return;
    }
    Throwable root = cause instanceof DecoderException && cause.getCause() != null
        ? cause.getCause() : cause;
    if (root instanceof ProtocolException e) {
      fail(ctx, e);
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

  /** Ends the handshake on a protocol violation, telling the remote why. */
  private void fail(ChannelHandlerContext ctx, ProtocolException e) {
    fail(ctx, failureOf(e), DisconnectReason.local(e.code(), e.getMessage()), e.kind(), true);
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
    for (Object message : held) {
      ReferenceCountUtil.release(message);
    }
    held.clear();
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
