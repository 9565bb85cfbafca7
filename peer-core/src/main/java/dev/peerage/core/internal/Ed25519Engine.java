package dev.peerage.core.internal;

/**
 * One implementation of Ed25519 (RFC 8032, pure variant: no pre-hash, no context) over raw keys:
 * 32-byte private key seeds, 32-byte public keys, 64-byte signatures. Ed25519 signatures are
 * deterministic, so every engine gives the same bytes for the same key and message, and every
 * engine must accept and refuse exactly the same signatures; {@link Ed25519} chooses the engine and
 * adds the checks that make the two agree on malformed input.
 *
 * <p>Implementations are stateless and thread-safe, and so are their {@link Signer}s.
 */
public interface Ed25519Engine {
  /**
   * The name for logs and benchmark reports.
   *
   * @return for example {@code "Bouncy Castle"}
   */
  String name();

  /**
   * Derives the public key of a private key seed (RFC 8032 section 5.1.5).
   *
   * @param seed the 32-byte private key
   * @return the 32-byte public key
   * @throws IllegalArgumentException if {@code seed} is not 32 bytes
   */
  byte[] publicKey(byte[] seed);

  /**
   * Prepares a key for signing, doing once whatever every signature with it would otherwise repeat.
   *
   * @param seed the 32-byte private key; the engine may keep a reference, so the caller must not
   *     change it afterwards
   * @param publicKey its public key, from {@link #publicKey}
   * @return the signer
   * @throws IllegalArgumentException if a key is not 32 bytes
   */
  Signer signer(byte[] seed, byte[] publicKey);

  /**
   * Checks a signature. Returns {@code false}, never throws, for a signature or key of the wrong
   * length, a public key that is not a curve point, or a signature that does not match.
   *
   * @param publicKey the 32-byte public key of the claimed signer
   * @param message the message
   * @param signature the signature to check
   * @return whether the signature is valid
   */
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);

  /** Signs with one key. Thread-safe. */
  @FunctionalInterface
  interface Signer {
    /**
     * Signs a message.
     *
     * @param message the message, any length
     * @return the 64-byte signature
     */
    byte[] sign(byte[] message);
  }
}
