package dev.peerage.core.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * Ed25519 (RFC 8032, pure variant) on the JDK's own {@code SunEC} provider, with keys as the raw
 * 32-byte forms the RFC uses: the engine {@link Ed25519} uses when Bouncy Castle is absent, and the
 * one that turns raw keys into JDK keys for hosts ({@link #publicKey}).
 *
 * <p>The provider is named rather than looked up by algorithm alone so that a host which installs
 * another provider first (Bouncy Castle, a FIPS module) still gets the behaviour tested here; in
 * particular {@link #publicKeyFromSeed} relies on how the JDK's key pair generator draws its
 * randomness. All methods are thread-safe: {@code Signature} objects are made per call.
 */
public final class JdkEd25519 implements Ed25519Engine {
  /** The one instance; it holds no state. */
  public static final JdkEd25519 INSTANCE = new JdkEd25519();

  private static final int KEY_LENGTH = Ed25519.KEY_LENGTH;
  private static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_LENGTH;
  private static final String ALGORITHM = "Ed25519";
  private static final String PROVIDER = "SunEC";

  /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410): OID 1.3.101.112. */
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private JdkEd25519() {}

  @Override
  public String name() {
    return "JDK SunEC";
  }

  @Override
  public byte[] publicKey(byte[] seed) {
    return publicKeyFromSeed(seed);
  }

  @Override
  public Signer signer(byte[] seed, byte[] publicKey) {
    PrivateKey key = privateKey(seed);
    return message -> sign(key, message);
  }


  /**
   * Derives the raw public key that belongs to a private key seed.
   *
   * <p>The JDK has no public "seed to public key" call, but its Ed25519 key pair generator draws
   * exactly one 32-byte block from its {@code SecureRandom} and uses it as the seed. A random
   * source that serves the given seed once, and fails on any other request, turns the generator
   * into that call. The result is checked: if a future JDK drew differently, this throws instead of
   * returning a key that does not match the seed.
   *
   * @param seed the 32-byte private key
   * @return the 32-byte public key
   * @throws IllegalStateException if the JDK's generator does not behave as described
   */
  public static byte[] publicKeyFromSeed(byte[] seed) {
    checkLength(seed, KEY_LENGTH, "seed");
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM, provider());
      generator.initialize(NamedParameterSpec.ED25519, new SeedServingRandom(seed));
      KeyPair pair = generator.generateKeyPair();
      byte[] drawn = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
      boolean matches = Arrays.equals(drawn, seed);
      Arrays.fill(drawn, (byte) 0);
      if (!matches) {
        throw new IllegalStateException(
            "the JDK Ed25519 key pair generator did not use the supplied seed as the private key");
      }
      byte[] encoded = pair.getPublic().getEncoded();
      if (encoded.length != X509_PREFIX.length + KEY_LENGTH) {
        throw new IllegalStateException(
            "unexpected Ed25519 public key encoding of " + encoded.length + " bytes");
      }
      return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot derive an Ed25519 public key", e);
    }
  }

  /**
   * Wraps a private key seed as a JDK private key.
   *
   * @param seed the 32-byte private key
   * @return the JDK key
   */
  public static PrivateKey privateKey(byte[] seed) {
    checkLength(seed, KEY_LENGTH, "seed");
    try {
      return KeyFactory.getInstance(ALGORITHM, provider())
          .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot load an Ed25519 private key", e);
    }
  }

  /**
   * Wraps a raw public key as a JDK public key. The bytes are not checked to be a point on the
   * curve; the JDK checks that when the key is used, and rejects it with an {@link
   * InvalidKeyException} then.
   *
   * @param raw the 32-byte public key
   * @return the JDK key
   */
  public static PublicKey jdkPublicKey(byte[] raw) {
    checkLength(raw, KEY_LENGTH, "public key");
    byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_LENGTH);
    System.arraycopy(raw, 0, encoded, X509_PREFIX.length, KEY_LENGTH);
    try {
      return KeyFactory.getInstance(ALGORITHM, provider())
          .generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot load an Ed25519 public key", e);
    }
  }

  /**
   * Signs a message.
   *
   * @param key the private key, from {@link #privateKey}
   * @param message the message, any length
   * @return the 64-byte signature
   */
  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM, provider());
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make an Ed25519 signature", e);
    }
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
  @Override
  public boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_LENGTH || rawPublicKey.length != KEY_LENGTH
        || hasSmallOrder(rawPublicKey)) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance(ALGORITHM, provider());
      verifier.initVerify(jdkPublicKey(rawPublicKey));
      verifier.update(message);
      return verifier.verify(signature);
    } catch (InvalidKeyException | SignatureException e) {
      // Not a curve point, or a malformed signature: both simply mean "not signed by this key".
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot check an Ed25519 signature", e);
    }
  }

  /**
   * Whether a public key encodes a point of order 1, 2, 4 or 8, in any of its encodings. SunEC
   * accepts such keys, and for them signatures that hold for every message (R the identity, S = 0,
   * and the like), so anyone could prove such a node id. Bouncy Castle refuses them; refusing them
   * here too makes both engines accept exactly the same signatures.
   */
  private static boolean hasSmallOrder(byte[] key) {
    for (byte[] point : SMALL_ORDER) {
      if (Arrays.equals(point, key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The eight points of small order (the identity; (0, -1) of order 2; (+-sqrt(-1), 0) of order 4;
   * four of order 8) in canonical form, then their non-canonical forms: y + p for y = 0 and 1, each
   * with either sign bit, and x = 0 with the sign bit set for y = 1 and y = -1. The same set as the
   * public blocklists of libsodium and of "Taming the many EdDSAs" (Chalkias et al., 2020).
   */
  private static final byte[][] SMALL_ORDER = java.util.stream.Stream.of(
      "0100000000000000000000000000000000000000000000000000000000000000",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000080",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "0100000000000000000000000000000000000000000000000000000000000080",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")
      .map(java.util.HexFormat.of()::parseHex)
      .toArray(byte[][]::new);

  private static Provider provider() {
    Provider provider = Security.getProvider(PROVIDER);
    if (provider == null) {
      throw new IllegalStateException(
          "the JDK security provider "
              + PROVIDER
              + " is not available; Peerage needs it for"
              + " Ed25519 (on JDK 17 to 21 it lives in the module jdk.crypto.ec)");
    }
    return provider;
  }

  private static void checkLength(byte[] bytes, int expected, String what) {
    Objects.requireNonNull(bytes, what);
    if (bytes.length != expected) {
      throw new IllegalArgumentException(
          what + " is " + bytes.length + " bytes, expected " + expected);
    }
  }

  /**
   * Serves one fixed block of bytes, once, and refuses everything else, so a key generator that
   * asked for anything but exactly the seed fails loudly instead of producing a different key.
   */
  private static final class SeedServingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    SeedServingRandom(byte[] seed) {
      super(new SeedServingSpi(seed), null);
    }
  }

  private static final class SeedServingSpi extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;
    private boolean served;

    SeedServingSpi(byte[] seed) {
      this.seed = seed;
    }

    @Override
    protected void engineSetSeed(byte[] ignored) {
      throw new IllegalStateException("the seed-serving random source cannot be reseeded");
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
      if (served || bytes.length != seed.length) {
        throw new IllegalStateException(
            "the JDK Ed25519 generator asked for "
                + bytes.length
                + " random bytes"
                + (served ? " a second time" : "")
                + "; expected one draw of "
                + seed.length);
      }
      served = true;
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
      throw new IllegalStateException("the seed-serving random source cannot generate seeds");
    }
  }
}
