package dev.peerage.transport.netty.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;

/**
 * Turns the flushes a channel makes while it is reading into one flush at the end of the read: a
 * peer that sends many messages in one TCP segment gets its answers (echoes, PONGs, ADDRESSES) in
 * one socket write instead of one write each. A flush outside a read, such as a {@code send} from
 * another thread or from a timer, passes at once, so a lone message is never held back; so does a
 * flush of another channel's pipeline, whose own flusher is not reading.
 *
 * <p>Bounded: a deferred flush is made at once when the channel's unflushed and unwritten bytes
 * reach its write-buffer low water mark, so deferral alone never makes a channel unwritable (the
 * high water mark, which fails {@code send}, lies above it). Before a close or disconnect passes
 * on, and when the handler is removed or the channel goes inactive, whatever is deferred is flushed
 * first, so a DISCONNECT written in a read goes out before the close. The same mechanism as
 * Netty's {@code FlushConsolidationHandler} with its default of not delaying flushes outside a
 * read, plus the byte bound.
 *
 * <p>First in the pipeline, so it sees every read and every flush of the handlers behind it.
 * Confined to the channel's event loop; one instance per channel.
 */
public final class ReadCycleFlusher extends ChannelDuplexHandler {
  private boolean reading;
  private boolean flushDeferred;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    reading = true;
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // Flushed before the event passes on: what later handlers write in their readComplete is
    // outside the read and flushes at once.
    endRead(ctx);
    ctx.fireChannelReadComplete();
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (reading && belowLowWaterMark(ctx)) {
      flushDeferred = true;
      return;
    }
    flushDeferred = false;
    ctx.flush();
  }

  private static boolean belowLowWaterMark(ChannelHandlerContext ctx) {
    ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
    return buffer != null && buffer.totalPendingWriteBytes()
        < ctx.channel().config().getWriteBufferLowWaterMark();
  }

  /** The read is over (or the channel is going): what was deferred goes out now. */
  private void endRead(ChannelHandlerContext ctx) {
    reading = false;
    flushDeferred(ctx);
  }

  private void flushDeferred(ChannelHandlerContext ctx) {
    if (flushDeferred) {
      flushDeferred = false;
      ctx.flush();
    }
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    endRead(ctx);
    ctx.close(promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    endRead(ctx);
    ctx.disconnect(promise);
  }

  @Override
  public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
    endRead(ctx);
    ctx.deregister(promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    endRead(ctx);
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    flushDeferred(ctx);
  }
}
