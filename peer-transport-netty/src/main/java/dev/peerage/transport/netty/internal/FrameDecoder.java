package dev.peerage.transport.netty.internal;

import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.DisconnectReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream into frames: a 4-byte big-endian body length, then the body. Emits each body
 * as a retained slice; the next handler releases it.
 *
 * <p>Fails fast: a length above the limit is rejected as soon as its four bytes arrive, before any
 * of the body is buffered, so a peer cannot make this node hold more than one frame of the current
 * limit. The limit is small ({@link Wire#HANDSHAKE_MAX_FRAME}) until the handshake has proven who
 * the peer is, then the configured frame size; that switch is why this is not Netty's {@code
 * LengthFieldBasedFrameDecoder}, whose limit is fixed at construction. After a fault every further
 * byte is discarded while the connection closes.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private int maxFrameLength = Wire.HANDSHAKE_MAX_FRAME;
  private boolean failed;

  /**
   * The handshake has completed: raises the largest accepted body length. Event loop only.
   *
   * @param maxFrameLength bytes, positive
   */
  public void handshakeCompleted(int maxFrameLength) {
    this.maxFrameLength = maxFrameLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < Wire.LENGTH_PREFIX_BYTES) {
      return;
    }
    long length = in.getUnsignedInt(in.readerIndex());
    if (length == 0) {
      fail(in);
      throw ProtocolException.malformed("frame length 0, expected at least the type byte");
    }
    if (length > maxFrameLength) {
      fail(in);
      throw new ProtocolException(DisconnectReason.Code.PROTOCOL_ERROR,
          MisbehaviourKind.OVERSIZED_MESSAGE,
          "frame length " + length + " exceeds the limit of " + maxFrameLength + " bytes");
    }
    if (in.readableBytes() < Wire.LENGTH_PREFIX_BYTES + length) {
      return;
    }
    in.skipBytes(Wire.LENGTH_PREFIX_BYTES);
    out.add(in.readRetainedSlice((int) length));
  }

  private void fail(ByteBuf in) {
    failed = true;
    in.skipBytes(in.readableBytes());
  }
}
