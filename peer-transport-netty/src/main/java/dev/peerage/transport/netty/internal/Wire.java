package dev.peerage.transport.netty.internal;

/**
 * The constants of the wire protocol, version 2 (which speaks version 1 to peers that only know
 * that). docs/wire-protocol.md is the specification; every number here appears there with its
 * reason.
 */
public final class Wire {
  private Wire() {}

  /**
   * The protocol version this implementation speaks. Version 2 is version 1 plus the ADMITTED
   * message; a connection speaks the lower of the two sides' versions.
   */
  public static final int PROTOCOL_VERSION = 2;

  /** The first version with ADMITTED: on a connection of a lower version it is never sent. */
  public static final int ADMITTED_VERSION = 2;

  /** The oldest version it accepts from a peer; version 0 was never defined. */
  public static final int MIN_PROTOCOL_VERSION = 1;

  /** The first four bytes of every HELLO: ASCII "PEER". */
  public static final int MAGIC = 0x50454552;

  /** Bytes of the length prefix in front of every frame body. */
  public static final int LENGTH_PREFIX_BYTES = 4;

  /**
   * The largest frame body accepted before the handshake has completed. A HELLO is at most 1 + 4 + 2
   * + 1 + 32 + 32 + 2 + 32 = 106 bytes and a PROOF 65; an unauthenticated peer may make us buffer no
   * more than this.
   */
  public static final int HANDSHAKE_MAX_FRAME = 256;

  /** Length of the handshake nonce. */
  public static final int NONCE_BYTES = 32;

  /** The longest DISCONNECT detail in bytes of UTF-8 (the core keeps 256 characters). */
  public static final int MAX_DETAIL_BYTES = 1024;

  /** Length of the longest host name an address entry carries (RFC 1123). */
  public static final int MAX_HOST_NAME_BYTES = 253;

  /**
   * The most bytes one address entry takes: last-seen (8) + kind (1) + length (1) + host name (253)
   * + port (2).
   */
  public static final int MAX_ADDRESS_ENTRY_BYTES = 8 + 1 + 1 + MAX_HOST_NAME_BYTES + 2;

  /** Bytes before the payload of an application MESSAGE body: type (1) + channel (2). */
  public static final int MESSAGE_OVERHEAD = 3;

  /** The latest last-seen time an entry may carry: 9999-12-31T23:59:59Z in Unix seconds. */
  public static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  // Message types: the first byte of every frame body.
  /** HELLO: opens the handshake in both directions. */
  public static final int HELLO = 0x01;
  /** PROOF: the signature over the handshake transcript. */
  public static final int PROOF = 0x02;
  /** PING: asks for a PONG with the same nonce. */
  public static final int PING = 0x10;
  /** PONG: answers a PING. */
  public static final int PONG = 0x11;
  /** ADMITTED (version 2): the sender's host took the connection; sent once, on activation. */
  public static final int ADMITTED = 0x12;
  /** GET_ADDRESSES: asks for known peer addresses. */
  public static final int GET_ADDRESSES = 0x20;
  /** ADDRESSES: answers GET_ADDRESSES. */
  public static final int ADDRESSES = 0x21;
  /** DISCONNECT: says why the sender closes, just before it does. */
  public static final int DISCONNECT = 0x30;
  /** MESSAGE: an application message on a channel. */
  public static final int MESSAGE = 0x40;

  /**
   * Names a message type as docs/wire-protocol.md does, with its article and number, for the
   * evidence of a disconnect: "an ADDRESSES message (type 0x21)", "a MESSAGE (type 0x40)".
   *
   * @param type the type byte, 0 to 255
   * @return the description; "a message of unknown type 0x.." for a type this version does not know
   */
  public static String describe(int type) {
    String name = switch (type) {
      case HELLO -> "a HELLO message";
      case PROOF -> "a PROOF message";
      case PING -> "a PING message";
      case PONG -> "a PONG message";
      case ADMITTED -> "an ADMITTED message";
      case GET_ADDRESSES -> "a GET_ADDRESSES message";
      case ADDRESSES -> "an ADDRESSES message";
      case DISCONNECT -> "a DISCONNECT message";
      // The application message type is itself called MESSAGE.
      case MESSAGE -> "a MESSAGE";
      default -> null;
    };
    return name == null
        ? String.format("a message of unknown type 0x%02x", type)
        : String.format("%s (type 0x%02x)", name, type);
  }

  // Address entry kinds.
  /** An IPv4 address entry: 4 bytes. */
  public static final int ADDRESS_IPV4 = 1;
  /** An IPv6 address entry: 16 bytes. */
  public static final int ADDRESS_IPV6 = 2;
  /** A host name entry: a length byte and ASCII. */
  public static final int ADDRESS_HOST_NAME = 3;
}
