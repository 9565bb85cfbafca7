package dev.peerage.transport.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes of one channel in each direction, framing included; first in the pipeline so it
 * sees what the socket sees. Written on the event loop only, read from any thread.
 */
public final class TrafficCounter extends ChannelDuplexHandler {
  private volatile long bytesIn;
  private volatile long bytesOut;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      bytesIn += buf.readableBytes(); // single writer: the event loop
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf buf) {
      bytesOut += buf.readableBytes();
    }
    ctx.write(msg, promise);
  }

  /**
   * Bytes received so far.
   *
   * @return the count
   */
  public long bytesIn() {
    return bytesIn;
  }

  /**
   * Bytes handed to the socket so far.
   *
   * @return the count
   */
  public long bytesOut() {
    return bytesOut;
  }
}
