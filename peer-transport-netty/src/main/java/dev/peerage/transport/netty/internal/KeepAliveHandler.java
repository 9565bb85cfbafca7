package dev.peerage.transport.netty.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a quiet connection honest: when the {@code IdleStateHandler} in front of it reports that
 * nothing was read for the ping interval, sends a PING and expects the PONG within the pong timeout.
 * A PONG yields a round-trip time ({@link KeepAliveEvent.Latency}); a missing one a {@link
 * KeepAliveEvent.PongMissing}, on which the dispatcher closes. Answers the remote's PINGs. Times come
 * from the event loop's ticker. {@link #stop() Stopped} when the connection closes: a side that has
 * written its DISCONNECT writes nothing after it. Confined to the channel's event loop.
 */
public final class KeepAliveHandler extends ChannelInboundHandlerAdapter {
  private final Duration pongTimeout;
  private final Random random;

  private boolean stopped;
  private boolean awaitingPong;
  private long pingNonce;
  private long pingSentNanos;
  private ScheduledFuture<?> pongTimer;

  /**
   * Creates the handler.
   *
   * @param pongTimeout how long a PONG may take
   * @param random the source of PING nonces
   */
  public KeepAliveHandler(Duration pongTimeout, Random random) {
    this.pongTimeout = pongTimeout;
    this.random = random;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof WireMessage.Ping ping) {
      if (!stopped) {
        ctx.writeAndFlush(new WireMessage.Pong(ping.nonce()));
      }
    } else if (msg instanceof WireMessage.Pong pong) {
      // A PONG with a nonce we are not waiting for is late or stray; it costs nothing, so it is
      // dropped rather than counted against the peer.
      if (awaitingPong && pong.nonce() == pingNonce) {
        awaitingPong = false;
        cancelTimer();
        long roundTrip = Math.max(0, ctx.executor().ticker().nanoTime() - pingSentNanos);
        ctx.fireUserEventTriggered(new KeepAliveEvent.Latency(Duration.ofNanos(roundTrip)));
      }
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.READER_IDLE && !awaitingPong && !stopped
          && ctx.channel().isActive()) {
        ping(ctx);
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void ping(ChannelHandlerContext ctx) {
    awaitingPong = true;
    pingNonce = random.nextLong();
    pingSentNanos = ctx.executor().ticker().nanoTime();
    ctx.writeAndFlush(new WireMessage.Ping(pingNonce));
    pongTimer = ctx.executor().schedule(() -> {
      pongTimer = null;
      if (awaitingPong) {
        ctx.fireUserEventTriggered(new KeepAliveEvent.PongMissing(pongTimeout));
      }
    }, pongTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The connection is closing: no more PINGs, PONGs or a pong timeout. Event loop only. */
  void stop() {
    stopped = true;
    awaitingPong = false;
    cancelTimer();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimer();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelTimer();
  }

  private void cancelTimer() {
    if (pongTimer != null) {
      pongTimer.cancel(false);
      pongTimer = null;
    }
  }
}
