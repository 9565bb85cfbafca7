package dev.peerage.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdentityTest {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * RFC 8032 section 7.1, TEST 1 to 3 (secret key, public key, message, signature). Taken from the
   * RFC's published vectors as reproduced in several independent public test suites; the JDK's own
   * output agrees with every byte.
   */
  record Rfc8032Vector(String name, String secret, String publicKey, String message, String sig) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Rfc8032Vector> rfc8032Vectors() {
    return Stream.of(
        new Rfc8032Vector(
            "TEST 1",
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        new Rfc8032Vector(
            "TEST 2",
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        new Rfc8032Vector(
            "TEST 3",
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"));
  }

  private static final Rfc8032Vector TEST1 = rfc8032Vectors().findFirst().orElseThrow();

  /** A SecureRandom whose output is fixed by a seed, so key generation is reproducible in tests. */
  private static SecureRandom fixedRandom(long seed) {
    Random source = new Random(seed);
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] bytes) {
        source.nextBytes(bytes);
      }
    };
  }

  @ParameterizedTest
  @MethodSource("rfc8032Vectors")
  void derivesThePublicKeyOfRfc8032(Rfc8032Vector v) {
    NodeIdentity identity = NodeIdentity.fromPrivateKey(HEX.parseHex(v.secret()));
    assertThat(identity.nodeId().toString()).isEqualTo(v.publicKey());
  }

  @ParameterizedTest
  @MethodSource("rfc8032Vectors")
  void signsExactlyAsRfc8032(Rfc8032Vector v) {
    NodeIdentity identity = NodeIdentity.fromPrivateKey(HEX.parseHex(v.secret()));
    byte[] message = HEX.parseHex(v.message());
    byte[] signature = identity.sign(message);
    assertThat(HEX.formatHex(signature)).isEqualTo(v.sig());
    assertThat(NodeIdentity.verify(NodeId.parse(v.publicKey()), message, signature)).isTrue();
  }

  @Test
  void signAndVerifyRoundTrip() {
    NodeIdentity identity = NodeIdentity.generate(fixedRandom(1));
    byte[] message = "hello, peer".getBytes(StandardCharsets.UTF_8);
    byte[] signature = identity.sign(message);
    assertThat(signature).hasSize(NodeIdentity.SIGNATURE_LENGTH);
    assertThat(NodeIdentity.verify(identity.nodeId(), message, signature)).isTrue();
    assertThat(identity.sign(message)).isEqualTo(signature); // Ed25519 is deterministic
    NodeIdentity other = NodeIdentity.generate(fixedRandom(2));
    assertThat(NodeIdentity.verify(other.nodeId(), message, signature)).isFalse();
  }

  @Test
  void verifyIsFalseForEveryFlippedBitOfMessageAndSignature() {
    byte[] message = HEX.parseHex(TEST1.message() + "00ff10");
    NodeIdentity identity = NodeIdentity.fromPrivateKey(HEX.parseHex(TEST1.secret()));
    byte[] signature = identity.sign(message);
    for (int bit = 0; bit < message.length * 8; bit++) {
      assertThat(NodeIdentity.verify(identity.nodeId(), flip(message, bit), signature))
          .as("message bit %d", bit)
          .isFalse();
    }
    for (int bit = 0; bit < signature.length * 8; bit++) {
      assertThat(NodeIdentity.verify(identity.nodeId(), message, flip(signature, bit)))
          .as("signature bit %d", bit)
          .isFalse();
    }
  }

  @Test
  void verifyIsFalseForEveryFlippedBitOfTheKey() {
    byte[] message = HEX.parseHex(TEST1.message());
    byte[] signature = HEX.parseHex(TEST1.sig());
    byte[] key = HEX.parseHex(TEST1.publicKey());
    for (int bit = 0; bit < key.length * 8; bit++) {
      // Some flips give bytes that are not a curve point at all: still false, never an exception.
      assertThat(NodeIdentity.verify(NodeId.of(flip(key, bit)), message, signature))
          .as("key bit %d", bit)
          .isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32, 63, 65, 128})
  void verifyIsFalseForSignaturesOfWrongLength(int length) {
    byte[] signature = new byte[length];
    byte[] real = HEX.parseHex(TEST1.sig());
    System.arraycopy(real, 0, signature, 0, Math.min(length, real.length));
    assertThat(NodeIdentity.verify(NodeId.parse(TEST1.publicKey()), new byte[0], signature))
        .isFalse();
  }

  @Test
  void verifyIsFalseForAKeyThatIsNotACurvePoint() {
    // y = 2 has no matching x on edwards25519; y = p (2^255 - 19) is not a reduced field element.
    NodeId notAPoint = NodeId.parse("02" + "00".repeat(31));
    NodeId outOfRange = NodeId.parse("ed" + "ff".repeat(30) + "7f");
    byte[] signature = HEX.parseHex(TEST1.sig());
    assertThat(NodeIdentity.verify(notAPoint, new byte[0], signature)).isFalse();
    assertThat(NodeIdentity.verify(outOfRange, new byte[0], signature)).isFalse();
  }

  @Test
  void verifyRejectsTheMalleatedSignatureWithSPlusGroupOrder() {
    // RFC 8032 section 5.1.7 requires S < L; S + L verifies under the group law but must be
    // refused.
    BigInteger groupOrder =
        BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    byte[] signature = HEX.parseHex(TEST1.sig());
    BigInteger s = new BigInteger(1, reverse(Arrays.copyOfRange(signature, 32, 64)));
    byte[] malleated = signature.clone();
    byte[] sPlusL = reverse(toFixed32(s.add(groupOrder)));
    System.arraycopy(sPlusL, 0, malleated, 32, 32);
    assertThat(NodeIdentity.verify(NodeId.parse(TEST1.publicKey()), new byte[0], malleated))
        .isFalse();
  }

  @Property(tries = 200)
  void verifyNeverThrowsOnArbitraryBytes(
      @ForAll @Size(value = NodeId.LENGTH) byte[] key,
      @ForAll @Size(max = 64) byte[] message,
      @ForAll @Size(max = 80) byte[] signature) {
    assertThat(NodeIdentity.verify(NodeId.of(key), message, signature)).isFalse();
  }

  @Test
  void verifyRejectsNullArgumentsAsBugs() {
    NodeId id = NodeId.parse(TEST1.publicKey());
    byte[] sig = HEX.parseHex(TEST1.sig());
    assertThatThrownBy(() -> NodeIdentity.verify(null, new byte[0], sig))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("signer");
    assertThatThrownBy(() -> NodeIdentity.verify(id, null, sig))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("message");
    assertThatThrownBy(() -> NodeIdentity.verify(id, new byte[0], null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void generateUsesExactlyTheInjectedRandomness() {
    NodeIdentity a = NodeIdentity.generate(fixedRandom(7));
    NodeIdentity b = NodeIdentity.generate(fixedRandom(7));
    byte[] expectedSeed = new byte[32];
    new Random(7).nextBytes(expectedSeed);
    assertThat(a.privateKeyBytes()).isEqualTo(expectedSeed);
    assertThat(a.nodeId()).isEqualTo(b.nodeId());
    assertThat(NodeIdentity.generate(fixedRandom(8)).nodeId()).isNotEqualTo(a.nodeId());
  }

  @Test
  void fromSeedIsDeterministicAndDocumentedDerivation() throws Exception {
    assertThat(NodeIdentity.fromSeed(42).nodeId()).isEqualTo(NodeIdentity.fromSeed(42).nodeId());
    assertThat(NodeIdentity.fromSeed(42).nodeId()).isNotEqualTo(NodeIdentity.fromSeed(43).nodeId());
    for (long seed : new long[] {0, 1, -1, Long.MIN_VALUE, 42}) {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update("peerage simulated node identity v1".getBytes(StandardCharsets.US_ASCII));
      sha256.update(ByteBuffer.allocate(8).putLong(seed).array());
      assertThat(NodeIdentity.fromSeed(seed).privateKeyBytes()).isEqualTo(sha256.digest());
    }
  }

  @Test
  void privateKeyBytesRoundTripAndAreCopies() {
    NodeIdentity identity = NodeIdentity.fromSeed(5);
    byte[] key = identity.privateKeyBytes();
    assertThat(key).hasSize(NodeIdentity.PRIVATE_KEY_LENGTH);
    NodeIdentity restored = NodeIdentity.fromPrivateKey(key);
    assertThat(restored.nodeId()).isEqualTo(identity.nodeId());
    byte[] message = {1, 2, 3};
    assertThat(restored.sign(message)).isEqualTo(identity.sign(message));

    key[0] ^= 1; // neither the returned copy nor the array passed in is shared
    assertThat(identity.privateKeyBytes()).isNotEqualTo(key);
    assertThat(restored.privateKeyBytes()).isEqualTo(identity.privateKeyBytes());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33, 64})
  void fromPrivateKeyRejectsWrongLengthWithoutEchoingBytes(int length) {
    byte[] key = new byte[length];
    Arrays.fill(key, (byte) 0xab);
    assertThatThrownBy(() -> NodeIdentity.fromPrivateKey(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got " + length)
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining("abab")
        .hasMessageNotContaining("-85"); // 0xab as a signed byte
  }

  @Test
  void nullArgumentsAreRejected() {
    assertThatThrownBy(() -> NodeIdentity.fromPrivateKey(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> NodeIdentity.generate(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> NodeIdentity.fromSeed(1).sign(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void toStringShowsOnlyThePublicId() {
    NodeIdentity identity = NodeIdentity.fromPrivateKey(HEX.parseHex(TEST1.secret()));
    String text = identity.toString();
    assertThat(text).isEqualTo("NodeIdentity[" + TEST1.publicKey() + "]");
    String secret = TEST1.secret();
    for (int i = 0; i + 8 <= secret.length(); i += 2) {
      assertThat(text.toLowerCase(Locale.ROOT))
          .doesNotContain(secret.substring(i, i + 8));
    }
  }

  @Test
  void signingIsSafeFromManyThreads() throws Exception {
    NodeIdentity identity = NodeIdentity.fromSeed(9);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results =
          IntStream.range(0, 64)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            byte[] message = {(byte) i};
                            return NodeIdentity.verify(
                                identity.nodeId(), message, identity.sign(message));
                          }))
              .toList();
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] flip(byte[] bytes, int bit) {
    byte[] copy = bytes.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }

  private static byte[] reverse(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }

  private static byte[] toFixed32(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }
}
