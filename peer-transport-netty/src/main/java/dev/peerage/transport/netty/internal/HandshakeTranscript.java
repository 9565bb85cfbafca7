package dev.peerage.transport.netty.internal;

import dev.peerage.core.spi.Direction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes each side signs to prove its node id (docs/wire-protocol.md, "PROOF"):
 *
 * <pre>
 * "peerage-handshake-v1" 0x00 role(1) len(2) dialler-hello len(2) listener-hello
 * </pre>
 *
 * <p>Both HELLO bodies go in exactly as they crossed the wire, the dialler's first, so both sides
 * compute the same bytes. They hold both networks, both node ids and both nonces: a proof signs the
 * other side's fresh nonce (so it cannot be replayed on another connection) and the role byte (1 for
 * the dialler's proof, 2 for the listener's) keeps one side's proof from being reflected as the
 * other's.
 */
public final class HandshakeTranscript {
  private static final byte[] DOMAIN = "peerage-handshake-v1\0".getBytes(StandardCharsets.US_ASCII);

  private HandshakeTranscript() {}

  /**
   * The message signed by the side in {@code signer}'s role.
   *
   * @param signer {@link Direction#OUTBOUND} for the dialler's proof, {@link Direction#INBOUND} for
   *     the listener's
   * @param diallerHello the dialler's HELLO body, type byte first
   * @param listenerHello the listener's HELLO body, type byte first
   * @return the bytes to sign or verify
   */
  public static byte[] signedBytes(Direction signer, byte[] diallerHello, byte[] listenerHello) {
    ByteBuffer out = ByteBuffer.allocate(
        DOMAIN.length + 1 + 2 + diallerHello.length + 2 + listenerHello.length);
    out.put(DOMAIN)
        .put((byte) (signer == Direction.OUTBOUND ? 1 : 2))
        .putShort((short) diallerHello.length)
        .put(diallerHello)
        .putShort((short) listenerHello.length)
        .put(listenerHello);
    return out.array();
  }
}
