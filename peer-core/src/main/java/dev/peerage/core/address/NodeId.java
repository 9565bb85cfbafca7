package dev.peerage.core.address;

import dev.peerage.core.internal.Ed25519;
import dev.peerage.core.internal.QuotedInput;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A node's public identity: its 32-byte Ed25519 public key (RFC 8032 encoding). Immutable and
 * thread-safe.
 *
 * <p>The stable text form, returned by {@link #toString()} and read by {@link #parse(String)}, is
 * the 32 bytes as 64 lower-case hexadecimal digits, most significant nibble first, in the byte
 * order of the RFC encoding. It is what stores, tickets and logs use; it will not change.
 *
 * <p>Any 32 bytes make a node id: they are not checked to be a point on the curve, since that costs
 * a field square root and most ids come from handshakes that prove the key anyway. An id whose
 * bytes are not a curve point never verifies a signature ({@link NodeIdentity#verify} returns
 * {@code false}).
 *
 * <p>Equality, hash code and ordering are by the bytes; ordering is unsigned lexicographic, which
 * is the same as the ordering of the text forms.
 */
public final class NodeId implements Comparable<NodeId> {
  /** Length of a node id in bytes. */
  public static final int LENGTH = Ed25519.KEY_LENGTH;

  /** Length of the text form in characters: two hexadecimal digits per byte. */
  public static final int TEXT_LENGTH = 2 * LENGTH;

  private static final HexFormat HEX = HexFormat.of();
  private static final int SHORT_LENGTH = 8;

  private final byte[] bytes;

  private NodeId(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Returns the node id with these public key bytes. The array is copied.
   *
   * @param publicKey the raw 32-byte Ed25519 public key
   * @return the node id
   * @throws IllegalArgumentException if {@code publicKey} is not exactly {@value #LENGTH} bytes
   * @throws NullPointerException if {@code publicKey} is null
   */
  public static NodeId of(byte[] publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.length != LENGTH) {
      throw new IllegalArgumentException(
          "a node id is " + LENGTH + " bytes, got " + publicKey.length);
    }
    return new NodeId(publicKey.clone());
  }

  /**
   * Reads the stable text form: exactly {@value #TEXT_LENGTH} hexadecimal digits, upper or lower
   * case, nothing around them.
   *
   * @param text the text form
   * @return the node id
   * @throws InvalidNodeIdException if {@code text} is null, of another length, or holds a character
   *     that is not a hexadecimal digit; the message quotes the input
   */
  public static NodeId parse(String text) {
    if (text == null) {
      throw new InvalidNodeIdException("node id is null, expected " + TEXT_LENGTH + " hex digits");
    }
    if (text.length() != TEXT_LENGTH) {
      throw new InvalidNodeIdException(
          "node id "
              + QuotedInput.quote(text)
              + " is "
              + text.length()
              + " characters, expected "
              + TEXT_LENGTH
              + " hex digits");
    }
    for (int i = 0; i < TEXT_LENGTH; i++) {
      if (!isAsciiHexDigit(text.charAt(i))) {
        throw new InvalidNodeIdException(
            "node id "
                + QuotedInput.quote(text)
                + " has a non-hex character at index "
                + i
                + ", expected "
                + TEXT_LENGTH
                + " hex digits (0-9, a-f)");
      }
    }
    return new NodeId(HEX.parseHex(text));
  }

  private static boolean isAsciiHexDigit(char c) {
    // Not Character.digit: it also accepts non-ASCII digits such as fullwidth ones.
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Returns the public key bytes.
   *
   * @return a fresh copy of the {@value #LENGTH} bytes
   */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /**
   * Returns the first 8 hexadecimal digits of the text form, for logs and user interfaces. Not
   * unique: never use it to look a node up.
   *
   * @return 8 lower-case hexadecimal digits
   */
  public String shortString() {
    return HEX.formatHex(bytes, 0, SHORT_LENGTH / 2);
  }

  /**
   * Returns this id as a JDK Ed25519 public key, for use with {@code java.security.Signature}. If
   * the bytes are not a curve point the JDK rejects the key with an {@link
   * java.security.InvalidKeyException} when it is used.
   *
   * @return a new JDK public key
   * @throws IllegalStateException if the JDK's {@code SunEC} provider is missing
   */
  public PublicKey toPublicKey() {
    return Ed25519.publicKey(bytes);
  }

  /** Compares the bytes as unsigned numbers, first byte most significant. */
  @Override
  public int compareTo(NodeId other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /**
   * Returns the stable text form: {@value #TEXT_LENGTH} lower-case hexadecimal digits.
   *
   * @return the text form, which {@link #parse(String)} reads back
   */
  @Override
  public String toString() {
    return HEX.formatHex(bytes);
  }
}
