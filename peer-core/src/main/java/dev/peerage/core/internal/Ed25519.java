package dev.peerage.core.internal;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 (RFC 8032, pure variant) for peer-core: Bouncy Castle's implementation when its jar is
 * present ({@code org.bouncycastle:bcprov-jdk18on}, an optional dependency of peer-core and a
 * normal one of peer-transport-netty), the JDK's {@code SunEC} otherwise. Both give byte-identical
 * signatures and accept exactly the same ones; Bouncy Castle is several times faster.
 *
 * <p>The engine is chosen once, when this class is initialised: Bouncy Castle if its class can be
 * loaded and linked from here (on the module path that needs the module {@code
 * org.bouncycastle.provider} in the module graph) and it signs RFC 8032's first test vector exactly;
 * otherwise SunEC. All methods are thread-safe.
 */
public final class Ed25519 {
  /** Length in bytes of a raw public key and of a private key seed. */
  public static final int KEY_LENGTH = 32;

  /** Length in bytes of a signature. */
  public static final int SIGNATURE_LENGTH = 64;

  private static final Ed25519Engine ENGINE = choose();

  private Ed25519() {}

  /**
   * The engine in use.
   *
   * @return Bouncy Castle's or the JDK's
   */
  public static Ed25519Engine engine() {
    return ENGINE;
  }

  /**
   * Bouncy Castle's engine, if its jar is present and works.
   *
   * @return the engine, or null
   */
  public static Ed25519Engine bouncyCastle() {
    try {
      Class.forName(BouncyCastleEd25519.BOUNCY_CASTLE_CLASS, false, Ed25519.class.getClassLoader());
      Ed25519Engine engine = BouncyCastleEd25519.INSTANCE;
      return passesSelfTest(engine) ? engine : null;
    } catch (ClassNotFoundException | LinkageError e) {
      // Absent, or present but not readable from this module: SunEC it is.
      return null;
    }
  }

  /**
   * The JDK's engine, always present.
   *
   * @return the SunEC engine
   */
  public static Ed25519Engine jdk() {
    return JdkEd25519.INSTANCE;
  }

  private static Ed25519Engine choose() {
    Ed25519Engine bouncyCastle = bouncyCastle();
    return bouncyCastle != null ? bouncyCastle : jdk();
  }

  /** RFC 8032 section 7.1, TEST 1: the empty message. */
  private static boolean passesSelfTest(Ed25519Engine engine) {
    HexFormat hex = HexFormat.of();
    byte[] seed = hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    byte[] publicKey =
        hex.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    byte[] signature = hex.parseHex(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    try {
      return Arrays.equals(engine.publicKey(seed), publicKey)
          && Arrays.equals(engine.signer(seed, publicKey).sign(new byte[0]), signature)
          && engine.verify(publicKey, new byte[0], signature);
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Derives the raw public key that belongs to a private key seed.
   *
   * @param seed the 32-byte private key
   * @return the 32-byte public key
   * @throws IllegalArgumentException if {@code seed} is not 32 bytes
   */
  public static byte[] publicKeyFromSeed(byte[] seed) {
    return ENGINE.publicKey(seed);
  }

  /**
   * Prepares a key for signing.
   *
   * @param seed the 32-byte private key, kept by reference: the caller must not change it
   * @param publicKey its public key
   * @return the signer
   */
  public static Ed25519Engine.Signer signer(byte[] seed, byte[] publicKey) {
    return ENGINE.signer(seed, publicKey);
  }

  /**
   * Wraps a raw public key as a JDK public key (always SunEC's, whichever engine signs). The bytes
   * are not checked to be a point on the curve; the JDK checks that when the key is used.
   *
   * @param raw the 32-byte public key
   * @return the JDK key
   */
  public static PublicKey publicKey(byte[] raw) {
    return JdkEd25519.jdkPublicKey(raw);
  }

  /**
   * Checks a signature. Returns {@code false}, never throws, for a signature of the wrong length, a
   * public key that is not a curve point, or a signature that does not match.
   *
   * @param rawPublicKey the 32-byte public key of the claimed signer
   * @param message the message
   * @param signature the signature to check
   * @return whether the signature is valid
   */
  public static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
    return ENGINE.verify(rawPublicKey, message, signature);
  }
}
