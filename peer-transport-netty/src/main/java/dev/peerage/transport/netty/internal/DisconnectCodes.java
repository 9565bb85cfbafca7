package dev.peerage.transport.netty.internal;

import dev.peerage.core.spi.DisconnectReason.Code;

/**
 * The one-byte reason codes of the DISCONNECT message (docs/wire-protocol.md, "Disconnect reason
 * codes"). The numbers are part of the protocol and never change; a code added to {@link Code}
 * later gets a new number, and an unknown number read from a newer peer becomes {@link Code#OTHER}.
 */
public final class DisconnectCodes {
  private DisconnectCodes() {}

  /**
   * The wire number of a code.
   *
   * @param code the reason code
   * @return its byte, 0 to 12
   */
  public static int toWire(Code code) {
    return switch (code) {
      case OTHER -> 0;
      case BANNED -> 1;
      case TOO_MANY_PEERS -> 2;
      case WRONG_NETWORK -> 3;
      case DUPLICATE -> 4;
      case SHUTTING_DOWN -> 5;
      case PROTOCOL_ERROR -> 6;
      case UNKNOWN_PEER -> 7;
      case SELF -> 8;
      case REQUESTED -> 9;
      case TIMEOUT -> 10;
      case NETWORK_ERROR -> 11;
      case EVICTED -> 12;
    };
  }

  /**
   * The code of a wire number.
   *
   * @param wire the byte as an unsigned number
   * @return the code; {@link Code#OTHER} for numbers this version does not know
   */
  public static Code fromWire(int wire) {
    return switch (wire) {
      case 1 -> Code.BANNED;
      case 2 -> Code.TOO_MANY_PEERS;
      case 3 -> Code.WRONG_NETWORK;
      case 4 -> Code.DUPLICATE;
      case 5 -> Code.SHUTTING_DOWN;
      case 6 -> Code.PROTOCOL_ERROR;
      case 7 -> Code.UNKNOWN_PEER;
      case 8 -> Code.SELF;
      case 9 -> Code.REQUESTED;
      case 10 -> Code.TIMEOUT;
      case 11 -> Code.NETWORK_ERROR;
      case 12 -> Code.EVICTED;
      default -> Code.OTHER;
    };
  }
}
