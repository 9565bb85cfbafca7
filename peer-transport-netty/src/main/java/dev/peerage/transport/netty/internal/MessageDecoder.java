package dev.peerage.transport.netty.internal;

import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.DisconnectReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a frame body into a {@link WireMessage}, checking every field; the frame is released
 * whatever happens. A body that does not parse is a {@link ProtocolException}, never a partly
 * filled message.
 *
 * <p>Knows the connection's phase: until {@link #handshakeCompleted()} it parses only HELLO, PROOF
 * and DISCONNECT, afterwards everything but HELLO and PROOF. A frame of another known type becomes
 * a {@link WireMessage.OutOfPhase} with its body unread, for the phase's handler to refuse: a
 * message that is wrong where it stands is refused as such, never for a limit of its own type (an
 * ADDRESSES during the handshake is a bad handshake, not an address flood). The one piece of state
 * besides the configured cap is that phase; one instance per channel, confined to its event loop.
 *
 * <p>Application MESSAGE frames after the handshake do not pass through here as frames: the {@link
 * FrameDecoder} copies their payload straight into the array the host receives (whether the frame
 * lies in one read or spans several) and hands on the finished {@link WireMessage.AppMessage},
 * which this decoder lets through unchanged.
 */
public final class MessageDecoder extends MessageToMessageDecoder<ByteBuf> {
  private final int maxAddresses;
  private boolean handshakeCompleted;

  /**
   * Creates the decoder.
   *
   * @param maxAddresses the most entries an ADDRESSES message may carry; more close the connection
   *     before any entry is parsed
   */
  public MessageDecoder(int maxAddresses) {
    super(ByteBuf.class);
    this.maxAddresses = maxAddresses;
  }

  /** The handshake has completed: from the next frame on, the messages after it are parsed. */
  public void handshakeCompleted() {
    this.handshakeCompleted = true;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    int type = frame.getUnsignedByte(frame.readerIndex());
    if (known(type) && !allowedNow(type)) {
      frame.skipBytes(frame.readableBytes());
      out.add(new WireMessage.OutOfPhase(type));
      return;
    }
    out.add(decode(frame, maxAddresses));
  }

  private boolean allowedNow(int type) {
    if (type == Wire.DISCONNECT) {
      return true;
    }
    boolean handshakeMessage = type == Wire.HELLO || type == Wire.PROOF;
    return handshakeMessage != handshakeCompleted;
  }

  private static boolean known(int type) {
    return switch (type) {
      case Wire.HELLO, Wire.PROOF, Wire.PING, Wire.PONG, Wire.ADMITTED, Wire.GET_ADDRESSES,
          Wire.ADDRESSES, Wire.DISCONNECT, Wire.MESSAGE -> true;
      default -> false;
    };
  }

  /**
   * Decodes one frame body of any type, whatever the phase (the instance's pipeline decoding checks
   * the phase first).
   *
   * @param frame the body, type byte first; consumed, not released
   * @param maxAddresses the cap on ADDRESSES entries
   * @return the message
   * @throws ProtocolException if the body is malformed, of an unknown type, or over a cap
   */
  public static WireMessage decode(ByteBuf frame, int maxAddresses) {
    int start = frame.readerIndex();
    int type = frame.readUnsignedByte();
    WireMessage message = switch (type) {
      case Wire.HELLO -> {
        byte[] body = ByteBufUtil.getBytes(frame, start, frame.writerIndex() - start);
        yield new WireMessage.HelloMessage(Hello.decode(frame), body);
      }
      case Wire.PROOF -> {
        need(frame, 64, "PROOF", "signature");
        byte[] signature = new byte[64];
        frame.readBytes(signature);
        yield new WireMessage.Proof(signature);
      }
      case Wire.PING -> {
        need(frame, 8, "PING", "nonce");
        yield new WireMessage.Ping(frame.readLong());
      }
      case Wire.PONG -> {
        need(frame, 8, "PONG", "nonce");
        yield new WireMessage.Pong(frame.readLong());
      }
      case Wire.ADMITTED -> WireMessage.Admitted.INSTANCE;
      case Wire.GET_ADDRESSES -> WireMessage.GetAddresses.INSTANCE;
      case Wire.ADDRESSES -> decodeAddresses(frame, maxAddresses);
      case Wire.DISCONNECT -> {
        need(frame, 3, "DISCONNECT", "code and detail length");
        int code = frame.readUnsignedByte();
        int length = frame.readUnsignedShort();
        if (length > Wire.MAX_DETAIL_BYTES) {
          throw ProtocolException.malformed("DISCONNECT detail of " + length
              + " bytes exceeds the limit of " + Wire.MAX_DETAIL_BYTES);
        }
        need(frame, length, "DISCONNECT", "detail");
        String detail = frame.readCharSequence(length, StandardCharsets.UTF_8).toString();
        yield new WireMessage.Disconnect(DisconnectCodes.fromWire(code), detail);
      }
      case Wire.MESSAGE -> {
        need(frame, 2, "MESSAGE", "channel");
        int channel = frame.readUnsignedShort();
        byte[] payload = new byte[frame.readableBytes()];
        frame.readBytes(payload);
        yield new WireMessage.AppMessage(channel, payload);
      }
      default -> throw ProtocolException.violation(
          String.format("unknown message type 0x%02x in a frame of %d bytes", type,
              frame.writerIndex() - start));
    };
    if (frame.isReadable()) {
      throw ProtocolException.malformed(String.format(
          "message type 0x%02x has %d bytes after its last field, expected none",
          type, frame.readableBytes()));
    }
    return message;
  }

  private static WireMessage decodeAddresses(ByteBuf frame, int maxAddresses) {
    need(frame, 2, "ADDRESSES", "count");
    int count = frame.readUnsignedShort();
    if (count > maxAddresses) {
      // Checked before a single entry is parsed: an oversized list costs us nothing to refuse.
      throw new ProtocolException(DisconnectReason.Code.PROTOCOL_ERROR,
          MisbehaviourKind.ADDRESS_FLOOD,
          "ADDRESSES carries " + count + " entries, the limit is " + maxAddresses);
    }
    List<TimestampedAddress> addresses = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      addresses.add(decodeEntry(frame, i));
    }
    return new WireMessage.Addresses(List.copyOf(addresses));
  }

  private static TimestampedAddress decodeEntry(ByteBuf frame, int index) {
    String what = "entry " + index;
    need(frame, 9, "ADDRESSES", what);
    long seconds = frame.readLong();
    if (seconds < 0 || seconds > Wire.MAX_EPOCH_SECOND) {
      throw ProtocolException.malformed("ADDRESSES " + what + " has last-seen second " + seconds
          + ", expected 0 to " + Wire.MAX_EPOCH_SECOND);
    }
    int kind = frame.readUnsignedByte();
    PeerAddress address;
    try {
      address = switch (kind) {
        case Wire.ADDRESS_IPV4, Wire.ADDRESS_IPV6 -> {
          int length = kind == Wire.ADDRESS_IPV4 ? 4 : 16;
          need(frame, length + 2, "ADDRESSES", what);
          byte[] ip = new byte[length];
          frame.readBytes(ip);
          yield PeerAddress.ofIp(ip, frame.readUnsignedShort());
        }
        case Wire.ADDRESS_HOST_NAME -> {
          need(frame, 1, "ADDRESSES", what);
          int length = frame.readUnsignedByte();
          if (length == 0 || length > Wire.MAX_HOST_NAME_BYTES) {
            throw ProtocolException.malformed("ADDRESSES " + what + " has a host name of "
                + length + " bytes, expected 1 to " + Wire.MAX_HOST_NAME_BYTES);
          }
          need(frame, length + 2, "ADDRESSES", what);
          String host = frame.readCharSequence(length, StandardCharsets.ISO_8859_1).toString();
          int port = frame.readUnsignedShort();
          PeerAddress parsed = PeerAddress.parse(host + ":" + port);
          if (!parsed.isHostName()) {
            throw ProtocolException.malformed(
                "ADDRESSES " + what + " carries IP " + host + " as a host name");
          }
          yield parsed;
        }
        default -> throw ProtocolException.malformed(
            "ADDRESSES " + what + " has address kind " + kind + ", expected 1, 2 or 3");
      };
    } catch (InvalidPeerAddressException e) {
      throw ProtocolException.malformed("ADDRESSES " + what + ": " + e.getMessage());
    }
    return new TimestampedAddress(address, Instant.ofEpochSecond(seconds));
  }

  private static void need(ByteBuf frame, int bytes, String type, String field) {
    if (frame.readableBytes() < bytes) {
      throw ProtocolException.malformed(type + " is cut short in its " + field + ": "
          + frame.readableBytes() + " bytes left, " + bytes + " needed");
    }
  }
}
