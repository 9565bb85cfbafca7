package dev.peerage.core.internal;

import java.util.Objects;

/**
 * Ed25519 on Bouncy Castle's low-level {@code org.bouncycastle.math.ec.rfc8032.Ed25519}: plain static
 * methods over byte arrays, no JCA provider, no provider registration. It signs with the public key
 * given (the JDK derives it again for every signature) and uses precomputed tables for the base
 * point, so it is several times faster than SunEC (docs/performance.md, "Ed25519 implementations").
 *
 * <p>Bouncy Castle is an optional dependency of peer-core: this class is loaded only after {@link
 * Ed25519} found Bouncy Castle's class, and must not be touched otherwise.
 */
public final class BouncyCastleEd25519 implements Ed25519Engine {
  /** The one instance; it holds no state. */
  public static final BouncyCastleEd25519 INSTANCE = new BouncyCastleEd25519();

  /** Bouncy Castle's class that this engine calls, for probing whether it is present. */
  static final String BOUNCY_CASTLE_CLASS = "org.bouncycastle.math.ec.rfc8032.Ed25519";

  private BouncyCastleEd25519() {}

  @Override
  public String name() {
    return "Bouncy Castle";
  }

  @Override
  public byte[] publicKey(byte[] seed) {
    checkLength(seed, "seed");
    byte[] publicKey = new byte[Ed25519.KEY_LENGTH];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  @Override
  public Signer signer(byte[] seed, byte[] publicKey) {
    checkLength(seed, "seed");
    checkLength(publicKey, "public key");
    return message -> {
      byte[] signature = new byte[Ed25519.SIGNATURE_LENGTH];
      // The overload with the public key: (sk, skOff, pk, pkOff, m, mOff, mLen, sig, sigOff). The
      // overloads with a byte[] in third place after the offset take an Ed25519ctx context instead.
      org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
          seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
      return signature;
    };
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (signature.length != Ed25519.SIGNATURE_LENGTH || publicKey.length != Ed25519.KEY_LENGTH) {
      return false;
    }
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        signature, 0, publicKey, 0, message, 0, message.length);
  }

  private static void checkLength(byte[] bytes, String what) {
    Objects.requireNonNull(bytes, what);
    if (bytes.length != Ed25519.KEY_LENGTH) {
      throw new IllegalArgumentException(
          what + " is " + bytes.length + " bytes, expected " + Ed25519.KEY_LENGTH);
    }
  }
}
