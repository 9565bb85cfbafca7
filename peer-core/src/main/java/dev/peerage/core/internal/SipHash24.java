package dev.peerage.core.internal;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012), a keyed 64-bit pseudo-random function.
 *
 * <p>The address book hashes short, fixed-shape inputs millions of times, so besides the general byte-array
 * form this class has allocation-free forms over 3 and 4 little-endian 64-bit words. A message of {@code n}
 * words is hashed exactly as the {@code 8n}-byte string of those words in little-endian order would be, so
 * every form is plain SipHash-2-4 and can be checked against the published test vectors.
 *
 * <p>Stateless and thread-safe.
 */
public final class SipHash24 {
  private SipHash24() {}

  /**
   * Hashes a byte string.
   *
   * @param k0 first half of the 128-bit key (bytes 0-7, little-endian)
   * @param k1 second half of the key (bytes 8-15, little-endian)
   * @param message the bytes to hash
   * @return the 64-bit SipHash-2-4 value
   */
  public static long hash(long k0, long k1, byte[] message) {
    long v0 = 0x736f6d6570736575L ^ k0;
    long v1 = 0x646f72616e646f6dL ^ k1;
    long v2 = 0x6c7967656e657261L ^ k0;
    long v3 = 0x7465646279746573L ^ k1;
    int length = message.length;
    int whole = length & ~7;
    for (int i = 0; i < whole; i += 8) {
      long m = littleEndianLong(message, i, 8);
      v3 ^= m;
      for (int r = 0; r < 2; r++) {
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
    }
    long last = ((long) length << 56) | littleEndianLong(message, whole, length - whole);
    return finish(v0, v1, v2, v3, last);
  }

  /**
   * Hashes the 24-byte message formed by three words.
   *
   * @param k0 first half of the key
   * @param k1 second half of the key
   * @param w0 first word
   * @param w1 second word
   * @param w2 third word
   * @return the SipHash-2-4 value of the words' little-endian bytes
   */
  public static long hash(long k0, long k1, long w0, long w1, long w2) {
    long v0 = 0x736f6d6570736575L ^ k0;
    long v1 = 0x646f72616e646f6dL ^ k1;
    long v2 = 0x6c7967656e657261L ^ k0;
    long v3 = 0x7465646279746573L ^ k1;
    // Unrolled rather than looped over an array: the hot paths must not allocate.
    v3 ^= w0;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= w0;
    v3 ^= w1;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= w1;
    v3 ^= w2;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= w2;
    return finish(v0, v1, v2, v3, 24L << 56);
  }

  /**
   * Hashes the 32-byte message formed by four words.
   *
   * @param k0 first half of the key
   * @param k1 second half of the key
   * @param w0 first word
   * @param w1 second word
   * @param w2 third word
   * @param w3 fourth word
   * @return the SipHash-2-4 value of the words' little-endian bytes
   */
  public static long hash(long k0, long k1, long w0, long w1, long w2, long w3) {
    long v0 = 0x736f6d6570736575L ^ k0;
    long v1 = 0x646f72616e646f6dL ^ k1;
    long v2 = 0x6c7967656e657261L ^ k0;
    long v3 = 0x7465646279746573L ^ k1;
    v3 ^= w0;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= w0;
    v3 ^= w1;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= w1;
    v3 ^= w2;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= w2;
    v3 ^= w3;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= w3;
    return finish(v0, v1, v2, v3, 32L << 56);
  }

  private static long finish(long v0, long v1, long v2, long v3, long last) {
    v3 ^= last;
    for (int r = 0; r < 2; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    v0 ^= last;
    v2 ^= 0xff;
    for (int r = 0; r < 4; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }

  /** Reads {@code count} (0 to 8) bytes starting at {@code offset} as a little-endian number. */
  static long littleEndianLong(byte[] bytes, int offset, int count) {
    long value = 0;
    for (int i = count - 1; i >= 0; i--) {
      value = (value << 8) | (bytes[offset + i] & 0xffL);
    }
    return value;
  }

  /**
   * Reads a 128-bit key given as 16 bytes into its two little-endian halves.
   *
   * @param key exactly 16 bytes
   * @return {@code {k0, k1}}
   * @throws IllegalArgumentException if the key is not 16 bytes long
   */
  public static long[] keyHalves(byte[] key) {
    if (key.length != 16) {
      throw new IllegalArgumentException("a SipHash key is 16 bytes, got " + key.length);
    }
    return new long[] {littleEndianLong(key, 0, 8), littleEndianLong(key, 8, 8)};
  }
}
