package dev.peerage.core.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.internal.Ed25519;
import dev.peerage.core.internal.Ed25519Engine;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both Ed25519 engines, Bouncy Castle's and the JDK's, against RFC 8032 and against each other: same
 * public keys, byte-identical signatures, and the same verdict on every malformed key and signature
 * (small-order points, non-canonical encodings, S not below the group order). {@link
 * NodeIdentityTest} covers the engine in use behind {@link NodeIdentity}.
 */
class Ed25519EnginesTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final BigInteger GROUP_ORDER =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  static Stream<Ed25519Engine> engines() {
    return Stream.of(Ed25519.jdk(), Ed25519.bouncyCastle());
  }

  static Stream<Arguments> vectorsOnEngines() {
    return engines().flatMap(engine -> NodeIdentityTest.rfc8032Vectors()
        .map(vector -> Arguments.of(engine.name(), engine, vector)));
  }

  @Test
  void bouncyCastleIsPresentAndInUse() {
    assertThat(Ed25519.bouncyCastle()).isNotNull();
    assertThat(Ed25519.engine()).isSameAs(Ed25519.bouncyCastle());
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("vectorsOnEngines")
  void matchesRfc8032(String name, Ed25519Engine engine, NodeIdentityTest.Rfc8032Vector v) {
    byte[] seed = HEX.parseHex(v.secret());
    byte[] publicKey = HEX.parseHex(v.publicKey());
    byte[] message = HEX.parseHex(v.message());
    byte[] signature = HEX.parseHex(v.sig());
    assertThat(engine.publicKey(seed)).isEqualTo(publicKey);
    assertThat(engine.signer(seed, publicKey).sign(message)).isEqualTo(signature);
    assertThat(engine.verify(publicKey, message, signature)).isTrue();
    byte[] flipped = signature.clone();
    flipped[63] ^= 0x01;
    assertThat(engine.verify(publicKey, message, flipped)).isFalse();
    byte[] sPlusL = signature.clone();
    BigInteger s = new BigInteger(1, reverse(Arrays.copyOfRange(signature, 32, 64)));
    System.arraycopy(littleEndian32(s.add(GROUP_ORDER)), 0, sPlusL, 32, 32);
    assertThat(engine.verify(publicKey, message, sPlusL)).as("S + L").isFalse();
  }

  @Test
  void enginesSignByteForByteAlike() {
    Random random = new Random(8032);
    Ed25519Engine jdk = Ed25519.jdk();
    Ed25519Engine bouncyCastle = Ed25519.bouncyCastle();
    for (int i = 0; i < 64; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      byte[] message = new byte[random.nextInt(300)];
      random.nextBytes(message);
      byte[] publicKey = jdk.publicKey(seed);
      assertThat(bouncyCastle.publicKey(seed)).isEqualTo(publicKey);
      byte[] signature = jdk.signer(seed, publicKey).sign(message);
      assertThat(bouncyCastle.signer(seed, publicKey).sign(message)).isEqualTo(signature);
      assertThat(bouncyCastle.verify(publicKey, message, signature)).isTrue();
      assertThat(jdk.verify(publicKey, message, signature)).isTrue();
    }
  }

  /**
   * Encodings that tolerant verifiers get wrong: the eight small-order points (from the public
   * blocklists of libsodium and of "Taming the many EdDSAs", Chalkias et al., 2020), field elements
   * of p and above (non-canonical y), x = 0 with the sign bit set, and a y with no curve point.
   */
  private static final List<String> AWKWARD_POINTS = List.of(
      "0100000000000000000000000000000000000000000000000000000000000000",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000080",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
      "0100000000000000000000000000000000000000000000000000000000000080",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "0200000000000000000000000000000000000000000000000000000000000000");

  @Test
  void enginesAgreeOnEveryAwkwardKeyAndSignature() {
    Ed25519Engine jdk = Ed25519.jdk();
    Ed25519Engine bouncyCastle = Ed25519.bouncyCastle();
    byte[] validSeed = HEX.parseHex(NodeIdentityTest.rfc8032Vectors().findFirst().orElseThrow().secret());
    byte[] validKey = jdk.publicKey(validSeed);
    List<byte[]> keys = new ArrayList<>();
    keys.add(validKey);
    AWKWARD_POINTS.forEach(point -> keys.add(HEX.parseHex(point)));
    List<byte[]> scalars = List.of(new byte[32], littleEndian32(BigInteger.ONE),
        littleEndian32(GROUP_ORDER), littleEndian32(GROUP_ORDER.subtract(BigInteger.ONE)));
    List<String> disagreements = new ArrayList<>();
    int accepted = 0;
    byte[][] messages = {new byte[0], "peerage".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};
    for (byte[] key : keys) {
      for (String r : AWKWARD_POINTS) {
        for (byte[] s : scalars) {
          for (byte[] message : messages) {
            byte[] signature = new byte[64];
            System.arraycopy(HEX.parseHex(r), 0, signature, 0, 32);
            System.arraycopy(s, 0, signature, 32, 32);
            boolean byJdk = jdk.verify(key, message, signature);
            boolean byBouncyCastle = bouncyCastle.verify(key, message, signature);
            accepted += byJdk ? 1 : 0;
            if (byJdk != byBouncyCastle) {
              disagreements.add("key " + HEX.formatHex(key) + " sig " + HEX.formatHex(signature)
                  + " msg " + message.length + ": JDK " + byJdk + ", BC " + byBouncyCastle);
            }
          }
        }
      }
      // A real signature checked against each awkward key.
      byte[] real = jdk.signer(validSeed, validKey).sign(messages[1]);
      if (jdk.verify(key, messages[1], real) != bouncyCastle.verify(key, messages[1], real)) {
        disagreements.add("key " + HEX.formatHex(key) + " with a real signature");
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(accepted).as("signatures accepted for awkward keys").isZero();
  }

  private static byte[] littleEndian32(BigInteger value) {
    byte[] big = value.toByteArray();
    byte[] fixed = new byte[32];
    int copy = Math.min(big.length, 32);
    System.arraycopy(big, big.length - copy, fixed, 32 - copy, copy);
    return reverse(fixed);
  }

  private static byte[] reverse(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }
}
