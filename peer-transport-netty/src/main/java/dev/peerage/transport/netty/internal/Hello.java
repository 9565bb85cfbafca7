package dev.peerage.transport.netty.internal;

import dev.peerage.core.address.InvalidNetworkIdException;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.DisconnectReason;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The fields of a HELLO (docs/wire-protocol.md, "HELLO"), and their encoding.
 *
 * @param version the highest protocol version the sender speaks
 * @param network the sender's network
 * @param nodeId the node id the sender claims (proven later by its PROOF)
 * @param listenPort where the sender accepts connections, 0 if it does not listen
 * @param nonce 32 fresh random bytes
 */
public record Hello(int version, NetworkId network, NodeId nodeId, int listenPort, byte[] nonce) {

  /**
   * Encodes the full frame body, type byte first.
   *
   * @return the bytes exactly as they go on the wire (after the length prefix)
   */
  public byte[] encode() {
    byte[] name = network.name().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(1 + 4 + 2 + 1 + name.length + NodeId.LENGTH + 2 + nonce.length);
    out.put((byte) Wire.HELLO)
        .putInt(Wire.MAGIC)
        .putShort((short) version)
        .put((byte) name.length)
        .put(name)
        .put(nodeId.toBytes())
        .putShort((short) listenPort)
        .put(nonce);
    return out.array();
  }

  /**
   * Decodes the fields after the type byte. Checks the magic first and the version second, so a
   * stranger speaking another protocol is told apart from a peer with a broken HELLO.
   *
   * @param in the body after the type byte; consumed
   * @return the hello
   * @throws ProtocolException for a wrong magic or version ({@code BAD_HANDSHAKE}) or a malformed
   *     field ({@code MALFORMED_MESSAGE})
   */
  public static Hello decode(ByteBuf in) {
    if (in.readableBytes() < 4) {
      throw ProtocolException.malformed("HELLO of " + in.readableBytes() + " bytes has no magic");
    }
    int magic = in.readInt();
    if (magic != Wire.MAGIC) {
      throw badHandshake(String.format(
          "HELLO magic 0x%08x is not 0x%08x (\"PEER\")", magic, Wire.MAGIC));
    }
    need(in, 2, "version");
    int version = in.readUnsignedShort();
    if (version < Wire.MIN_PROTOCOL_VERSION) {
      throw badHandshake("HELLO protocol version " + version + " is not supported, expected "
          + Wire.MIN_PROTOCOL_VERSION + " or newer");
    }
    need(in, 1, "network length");
    int nameLength = in.readUnsignedByte();
    need(in, nameLength, "network name");
    String name = in.readCharSequence(nameLength, StandardCharsets.ISO_8859_1).toString();
    NetworkId network;
    try {
      network = NetworkId.of(name);
    } catch (InvalidNetworkIdException e) {
      throw ProtocolException.malformed("HELLO " + e.getMessage());
    }
    need(in, NodeId.LENGTH, "node id");
    byte[] id = new byte[NodeId.LENGTH];
    in.readBytes(id);
    need(in, 2, "listen port");
    int listenPort = in.readUnsignedShort();
    need(in, Wire.NONCE_BYTES, "nonce");
    byte[] nonce = new byte[Wire.NONCE_BYTES];
    in.readBytes(nonce);
    // Version 1 has nothing after the nonce; later versions may append fields that 1 ignores.
    if (version == 1 && in.isReadable()) {
      throw ProtocolException.malformed(
          "HELLO of version 1 has " + in.readableBytes() + " bytes after the nonce, expected none");
    }
    in.skipBytes(in.readableBytes());
    return new Hello(version, network, NodeId.of(id), listenPort, nonce);
  }

  private static void need(ByteBuf in, int bytes, String field) {
    if (in.readableBytes() < bytes) {
      throw ProtocolException.malformed("HELLO is cut short in its " + field + ": "
          + in.readableBytes() + " bytes left, " + bytes + " needed");
    }
  }

  private static ProtocolException badHandshake(String message) {
    return new ProtocolException(
        DisconnectReason.Code.PROTOCOL_ERROR, MisbehaviourKind.BAD_HANDSHAKE, message);
  }
}
