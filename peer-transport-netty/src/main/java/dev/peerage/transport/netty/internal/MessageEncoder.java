package dev.peerage.transport.netty.internal;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link WireMessage} as one frame: the 4-byte body length, then the body. Sizes are
 * computed first so every frame is written into one buffer of exactly its size. Stateless and
 * shared by all channels.
 */
@ChannelHandler.Sharable
public final class MessageEncoder extends MessageToByteEncoder<WireMessage> {
  /** The one instance. */
  public static final MessageEncoder INSTANCE = new MessageEncoder();

  private MessageEncoder() {
    super(WireMessage.class);
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, WireMessage msg, boolean preferDirect) {
    int size = Wire.LENGTH_PREFIX_BYTES + bodySize(msg);
    return preferDirect ? ctx.alloc().ioBuffer(size, size) : ctx.alloc().heapBuffer(size, size);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, WireMessage msg, ByteBuf out) {
    out.writeInt(bodySize(msg));
    writeBody(msg, out);
  }

  /**
   * The size of a message's frame body.
   *
   * @param msg the message
   * @return bytes, type byte included
   */
  public static int bodySize(WireMessage msg) {
    if (msg instanceof WireMessage.HelloMessage hello) {
      return hello.body().length;
    } else if (msg instanceof WireMessage.Proof proof) {
      return 1 + proof.signature().length;
    } else if (msg instanceof WireMessage.Ping || msg instanceof WireMessage.Pong) {
      return 1 + 8;
    } else if (msg instanceof WireMessage.GetAddresses || msg instanceof WireMessage.Admitted) {
      return 1;
    } else if (msg instanceof WireMessage.Addresses addresses) {
      int size = 1 + 2;
      for (TimestampedAddress entry : addresses.addresses()) {
        size += entrySize(entry.address());
      }
      return size;
    } else if (msg instanceof WireMessage.Disconnect disconnect) {
      return 1 + 1 + 2 + detailBytes(disconnect.detail()).length;
    } else if (msg instanceof WireMessage.AppMessage app) {
      return Wire.MESSAGE_OVERHEAD + app.payload().length;
    }
    throw new IllegalArgumentException("not a wire message: " + msg);
  }

  /**
   * The bytes one address entry takes.
   *
   * @param address the address
   * @return bytes, at most {@link Wire#MAX_ADDRESS_ENTRY_BYTES}
   */
  public static int entrySize(PeerAddress address) {
    return 8 + 1 + switch (address.type()) {
      case IPV4 -> 4;
      case IPV6 -> 16;
      case HOST_NAME -> 1 + address.host().length();
    } + 2;
  }

  private static void writeBody(WireMessage msg, ByteBuf out) {
    if (msg instanceof WireMessage.HelloMessage hello) {
      out.writeBytes(hello.body());
    } else if (msg instanceof WireMessage.Proof proof) {
      out.writeByte(Wire.PROOF).writeBytes(proof.signature());
    } else if (msg instanceof WireMessage.Ping ping) {
      out.writeByte(Wire.PING).writeLong(ping.nonce());
    } else if (msg instanceof WireMessage.Pong pong) {
      out.writeByte(Wire.PONG).writeLong(pong.nonce());
    } else if (msg instanceof WireMessage.GetAddresses) {
      out.writeByte(Wire.GET_ADDRESSES);
    } else if (msg instanceof WireMessage.Admitted) {
      out.writeByte(Wire.ADMITTED);
    } else if (msg instanceof WireMessage.Addresses addresses) {
      out.writeByte(Wire.ADDRESSES).writeShort(addresses.addresses().size());
      for (TimestampedAddress entry : addresses.addresses()) {
        writeEntry(entry, out);
      }
    } else if (msg instanceof WireMessage.Disconnect disconnect) {
      byte[] detail = detailBytes(disconnect.detail());
      out.writeByte(Wire.DISCONNECT)
          .writeByte(DisconnectCodes.toWire(disconnect.code()))
          .writeShort(detail.length)
          .writeBytes(detail);
    } else if (msg instanceof WireMessage.AppMessage app) {
      out.writeByte(Wire.MESSAGE).writeShort(app.channel()).writeBytes(app.payload());
    }
  }

  private static void writeEntry(TimestampedAddress entry, ByteBuf out) {
    long seconds = Math.max(0, Math.min(Wire.MAX_EPOCH_SECOND, entry.lastSeen().getEpochSecond()));
    out.writeLong(seconds);
    PeerAddress address = entry.address();
    switch (address.type()) {
      case IPV4 -> out.writeByte(Wire.ADDRESS_IPV4).writeBytes(address.ipBytes());
      case IPV6 -> out.writeByte(Wire.ADDRESS_IPV6).writeBytes(address.ipBytes());
      case HOST_NAME -> {
        byte[] host = address.host().getBytes(StandardCharsets.US_ASCII);
        out.writeByte(Wire.ADDRESS_HOST_NAME).writeByte(host.length).writeBytes(host);
      }
    }
    out.writeShort(address.port());
  }

  /** The detail as UTF-8, cut at a character boundary to at most {@link Wire#MAX_DETAIL_BYTES}. */
  static byte[] detailBytes(String detail) {
    String text = detail;
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    while (bytes.length > Wire.MAX_DETAIL_BYTES) {
      text = text.substring(0, text.length() / 2);
      bytes = text.getBytes(StandardCharsets.UTF_8);
    }
    return bytes;
  }
}
