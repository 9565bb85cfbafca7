package dev.peerage.core.address;

import dev.peerage.core.internal.Ed25519;
import dev.peerage.core.internal.Ed25519Engine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A node's Ed25519 key pair: the private key that proves who the node is, and its public {@link
 * NodeId}. Immutable and thread-safe.
 *
 * <p>The private key is the 32-byte seed of RFC 8032 section 5.1.5, the form stores keep. The
 * cryptography is Bouncy Castle's low-level Ed25519 when {@code org.bouncycastle:bcprov-jdk18on} is
 * present (peer-transport-netty brings it), the JDK's own {@code SunEC} provider otherwise; never
 * another installed JCA provider, so behaviour does not depend on the host's security configuration.
 * Both give the same signatures and accept the same ones; Bouncy Castle is more than ten times
 * faster (docs/performance.md, "Ed25519 implementations"). Both refuse public keys of small order.
 *
 * <p>This object holds secret material: {@link #toString()} shows only the public id, and the only
 * way to read the private key is {@link #privateKeyBytes()}. Two instances are equal only if they
 * are the same object; compare {@link #nodeId()} to ask whether two identities are the same node.
 */
public final class NodeIdentity {
  /** Length of the private key seed in bytes. */
  public static final int PRIVATE_KEY_LENGTH = Ed25519.KEY_LENGTH;

  /** Length of a signature in bytes. */
  public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_LENGTH;

  private static final byte[] SIMULATION_DOMAIN =
      "peerage simulated node identity v1".getBytes(StandardCharsets.US_ASCII);

  private final byte[] seed;
  private final Ed25519Engine.Signer signer;
  private final NodeId nodeId;

  private NodeIdentity(byte[] seed) {
    this.seed = seed;
    byte[] publicKey = Ed25519.publicKeyFromSeed(seed);
    this.signer = Ed25519.signer(seed, publicKey);
    this.nodeId = NodeId.of(publicKey);
  }

  /**
   * Creates a new identity from 32 bytes of the given random source.
   *
   * @param random a cryptographically strong source, for example {@code new SecureRandom()}
   * @return the new identity
   * @throws NullPointerException if {@code random} is null
   */
  public static NodeIdentity generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] seed = new byte[PRIVATE_KEY_LENGTH];
    random.nextBytes(seed);
    return new NodeIdentity(seed);
  }

  /**
   * Restores an identity from its private key, the 32-byte seed that {@link #privateKeyBytes()}
   * returned. The public key is derived from it. The array is copied.
   *
   * @param seed32 the 32-byte RFC 8032 private key
   * @return the identity
   * @throws IllegalArgumentException if {@code seed32} is not exactly 32 bytes (the message gives
   *     the length, never the bytes)
   * @throws NullPointerException if {@code seed32} is null
   */
  public static NodeIdentity fromPrivateKey(byte[] seed32) {
    Objects.requireNonNull(seed32, "seed32");
    if (seed32.length != PRIVATE_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 private key is " + PRIVATE_KEY_LENGTH + " bytes, got " + seed32.length);
    }
    return new NodeIdentity(seed32.clone());
  }

  /**
   * Returns a deterministic identity for simulations and tests: the same {@code seed} always gives
   * the same key pair, on every JDK. <strong>Never use it in production:</strong> there are only
   * 2<sup>64</sup> such identities and anyone who guesses the number holds the private key.
   *
   * <p>The private key is SHA-256 of the ASCII text {@code "peerage simulated node identity v1"}
   * followed by {@code seed} as 8 big-endian bytes.
   *
   * @param seed any number
   * @return the identity for that number
   */
  public static NodeIdentity fromSeed(long seed) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(SIMULATION_DOMAIN);
      sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
      return new NodeIdentity(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Returns the public id of this identity.
   *
   * @return the node id
   */
  public NodeId nodeId() {
    return nodeId;
  }

  /**
   * Returns the private key, for a store to keep. Treat it as a secret: whoever has it can act as
   * this node.
   *
   * @return a fresh copy of the 32-byte seed, which {@link #fromPrivateKey(byte[])} reads back
   */
  public byte[] privateKeyBytes() {
    return seed.clone();
  }

  /**
   * Signs a message with pure Ed25519 (no pre-hash, no context). Deterministic: the same message
   * always gives the same signature.
   *
   * @param message the bytes to sign, any length
   * @return the 64-byte signature
   * @throws NullPointerException if {@code message} is null
   */
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    return signer.sign(message);
  }

  /**
   * Checks that {@code signature} is {@code signer}'s pure Ed25519 signature of {@code message}.
   * Returns {@code false}, and never throws, for any bad signature or key bytes: a signature that
   * is not {@value #SIGNATURE_LENGTH} bytes, one that does not match, or a signer id that is not a
   * curve point. Safe for input straight off the network.
   *
   * @param signer the claimed signer
   * @param message the signed bytes
   * @param signature the signature to check
   * @return whether the signature is valid
   * @throws NullPointerException if an argument is null (a caller's bug, not bad input)
   */
  public static boolean verify(NodeId signer, byte[] message, byte[] signature) {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    return Ed25519.verify(signer.toBytes(), message, signature);
  }

  /**
   * Returns {@code NodeIdentity[<node id>]}; never any private key material.
   *
   * @return the public description
   */
  @Override
  public String toString() {
    return "NodeIdentity[" + nodeId + "]";
  }
}
