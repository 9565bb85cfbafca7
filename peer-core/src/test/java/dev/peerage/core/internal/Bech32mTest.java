package dev.peerage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.internal.Bech32m.DecodingException;
import dev.peerage.core.internal.Bech32m.Problem;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Test data from BIP-350 ("Bech32m format for v1+ witness addresses", bitcoin/bips,
 * bip-0350.mediawiki, section "Test vectors"): the generic Bech32m vectors, and the segregated
 * witness address vectors whose outcome depends only on the checksum and the bit conversion.
 */
class Bech32mTest {

  // BIP-350, "The following strings are valid Bech32m".
  @ParameterizedTest
  @ValueSource(
      strings = {
        "A1LQFN3A",
        "a1lqfn3a",
        "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
        "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
        "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
        "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
        "?1v759aa"
      })
  void bipValidStringsDecodeAndEncodeBack(String text) throws DecodingException {
    Bech32m.Decoded decoded = Bech32m.decode(text, Bech32m.BIP_MAX_LENGTH);

    assertThat(decoded.hrp()).isEqualTo(text.substring(0, text.lastIndexOf('1')).toLowerCase());
    assertThat(Bech32m.encode(decoded.hrp(), decoded.data())).isEqualTo(text.toLowerCase());
  }

  // BIP-350, "The following string are not valid Bech32m (with reason for invalidity)".
  static Stream<Arguments> bipInvalidStrings() {
    return Stream.of(
        Arguments.of("\u0020" + "1xj0phk", Problem.INVALID_CHARACTER), // HRP character range
        Arguments.of("\u007f" + "1g6xzxy", Problem.INVALID_CHARACTER), // HRP character range
        Arguments.of("\u0080" + "1vctc34", Problem.INVALID_CHARACTER), // HRP character range
        Arguments.of(
            "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
            Problem.TOO_LONG),
        Arguments.of("qyrz8wqd2c9m", Problem.NO_SEPARATOR),
        Arguments.of("1qyrz8wqd2c9m", Problem.EMPTY_HRP),
        Arguments.of("y1b0jsk6g", Problem.INVALID_CHARACTER),
        Arguments.of("lt1igcx5c0", Problem.INVALID_CHARACTER),
        Arguments.of("in1muywd", Problem.TOO_SHORT),
        Arguments.of("mm1crxm3i", Problem.INVALID_CHARACTER), // in the checksum
        Arguments.of("au1s5cgom", Problem.INVALID_CHARACTER), // in the checksum
        Arguments.of("M1VUXWEZ", Problem.CHECKSUM_MISMATCH), // computed over the upper-case HRP
        Arguments.of("16plkw9", Problem.EMPTY_HRP),
        Arguments.of("1p2gdwpf", Problem.EMPTY_HRP));
  }

  @ParameterizedTest
  @MethodSource("bipInvalidStrings")
  void bipInvalidStringsAreRejectedForTheStatedReason(String text, Problem expected) {
    assertThatThrownBy(() -> Bech32m.decode(text, Bech32m.BIP_MAX_LENGTH))
        .isInstanceOfSatisfying(
            DecodingException.class, e -> assertThat(e.problem()).isEqualTo(expected));
  }

  // BIP-350, valid v1+ segwit addresses and their scriptPubKeys. v0 ones use Bech32, see below.
  static Stream<Arguments> bipSegwitAddresses() {
    return Stream.of(
        Arguments.of(
            "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
            "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6"),
        Arguments.of("BC1SW50QGDZ25J", "6002751e"),
        Arguments.of(
            "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323"),
        Arguments.of(
            "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
            "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"),
        Arguments.of(
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
  }

  @ParameterizedTest
  @MethodSource("bipSegwitAddresses")
  void bipSegwitAddressesGiveTheirScripts(String address, String scriptHex)
      throws DecodingException {
    Bech32m.Decoded decoded = Bech32m.decode(address, Bech32m.BIP_MAX_LENGTH);
    int version = decoded.data()[0];
    byte[] program = Bech32m.fromFiveBitGroups(decoded.data(), 1);

    byte[] script = new byte[program.length + 2];
    script[0] = (byte) (version == 0 ? 0 : 0x50 + version);
    script[1] = (byte) program.length;
    System.arraycopy(program, 0, script, 2, program.length);
    assertThat(HexFormat.of().formatHex(script)).isEqualTo(scriptHex);
    // Round trip through the 8-to-5 conversion, as an encoder of the address would do it.
    byte[] data = new byte[decoded.data().length];
    data[0] = (byte) version;
    byte[] groups = Bech32m.toFiveBitGroups(program);
    System.arraycopy(groups, 0, data, 1, groups.length);
    assertThat(Bech32m.encode(decoded.hrp(), data)).isEqualTo(address.toLowerCase());
  }

  static Stream<Arguments> bipSegwitChecksumAndCaseFailures() {
    return Stream.of(
        // BIP-350 "Invalid checksum (Bech32 instead of Bech32m)".
        Arguments.of(
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
            Problem.CHECKSUM_MISMATCH),
        Arguments.of(
            "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
            Problem.CHECKSUM_MISMATCH),
        Arguments.of(
            "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
            Problem.CHECKSUM_MISMATCH),
        // BIP-350's valid v0 addresses are Bech32, so a Bech32m decoder must refuse them.
        Arguments.of("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", Problem.CHECKSUM_MISMATCH),
        Arguments.of(
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
            Problem.CHECKSUM_MISMATCH),
        Arguments.of("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", Problem.CHECKSUM_MISMATCH),
        Arguments.of("bc1gmk9yu", Problem.CHECKSUM_MISMATCH),
        // "Invalid character in checksum" and "Mixed case".
        Arguments.of(
            "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
            Problem.INVALID_CHARACTER),
        Arguments.of(
            "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", Problem.MIXED_CASE));
  }

  @ParameterizedTest
  @MethodSource("bipSegwitChecksumAndCaseFailures")
  void bipSegwitChecksumAndCaseFailuresAreRejected(String address, Problem expected) {
    assertThatThrownBy(() -> Bech32m.decode(address, Bech32m.BIP_MAX_LENGTH))
        .isInstanceOfSatisfying(
            DecodingException.class, e -> assertThat(e.problem()).isEqualTo(expected));
  }

  @Test
  void bipSegwitPaddingFailuresAreRejectedByTheBitConversion() throws DecodingException {
    // BIP-350 "zero padding of more than 4 bits" and "Non-zero padding in 8-to-5 conversion".
    Bech32m.Decoded excess =
        Bech32m.decode(
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
            Bech32m.BIP_MAX_LENGTH);
    Bech32m.Decoded nonzero =
        Bech32m.decode(
            "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
            Bech32m.BIP_MAX_LENGTH);

    assertThatThrownBy(() -> Bech32m.fromFiveBitGroups(excess.data(), 1))
        .isInstanceOfSatisfying(
            DecodingException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.EXCESS_PADDING));
    assertThatThrownBy(() -> Bech32m.fromFiveBitGroups(nonzero.data(), 1))
        .isInstanceOfSatisfying(
            DecodingException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.NONZERO_PADDING));
  }

  @Test
  void bipSegwitFailuresOfSegwitRulesStillHaveValidChecksums() throws DecodingException {
    // These fail only segwit's own rules (version 17, program of 1 or 41 bytes, Bech32m for v0),
    // so the generic decoder must accept them; the values show the conversion read them right.
    assertThat(
            Bech32m.decode(
                    "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
                    Bech32m.BIP_MAX_LENGTH)
                .data()[0])
        .isEqualTo((byte) 17);
    assertThat(
            Bech32m.fromFiveBitGroups(
                Bech32m.decode("bc1pw5dgrnzv", Bech32m.BIP_MAX_LENGTH).data(), 1))
        .hasSize(1);
    assertThat(
            Bech32m.fromFiveBitGroups(
                Bech32m.decode(
                        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
                        Bech32m.BIP_MAX_LENGTH)
                    .data(),
                1))
        .hasSize(41);
    assertThat(
            Bech32m.decode("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", Bech32m.BIP_MAX_LENGTH)
                .data()[0])
        .isZero();
  }

  @Test
  void qsInsertedBeforeAFinalPFailTheChecksum() {
    // BIP-350's motivation: under Bech32 these insertions kept the checksum valid.
    Random random = new Random(350);
    String text;
    do {
      byte[] data = new byte[20];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) random.nextInt(32);
      }
      text = Bech32m.encode("peerage", data);
    } while (!text.endsWith("p"));
    String body = text.substring(0, text.length() - 1);
    for (int count = 1; count <= 5; count++) {
      String inserted = body + "q".repeat(count) + "p";
      assertThatThrownBy(() -> Bech32m.decode(inserted, Bech32m.BIP_MAX_LENGTH))
          .isInstanceOfSatisfying(
              DecodingException.class,
              e -> assertThat(e.problem()).isEqualTo(Problem.CHECKSUM_MISMATCH));
    }
  }

  @Test
  void theLengthLimitIsTheCallersChoice() throws DecodingException {
    String tooLong = Bech32m.encode("a", new byte[84]);
    assertThat(tooLong).hasSize(92);

    assertThatThrownBy(() -> Bech32m.decode(tooLong, Bech32m.BIP_MAX_LENGTH))
        .isInstanceOfSatisfying(
            DecodingException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TOO_LONG));
    assertThat(Bech32m.decode(tooLong, 1023).data()).hasSize(84);
  }

  @Test
  void xHasOrder1023ModuloTheGeneratorSoAnyTwoSubstitutionsAreDetected() {
    // Two substitutions e1 at distance a and e2 at distance a + d go unnoticed exactly when
    // x^d mod g is a nonzero constant (e1 + e2 * x^d divisible by g). That first happens at
    // d = 1023, the length of the BCH code, so within 1023 symbols any two are detected.
    int residue = 1;
    for (int d = 1; d < Bech32m.CODE_LENGTH; d++) {
      residue = Bech32m.step(residue, 0);
      assertThat(residue).as("x^%d mod g", d).isGreaterThanOrEqualTo(32);
    }
    assertThat(Bech32m.step(residue, 0)).as("x^1023 mod g").isEqualTo(1);
  }

  @Test
  void anyThreeSubstitutionsWithinTheCodeLengthAreDetected() {
    // Three substitutions at distances 0, a and b (shift the pattern so the last is at 0) go
    // unnoticed exactly when c0 + c1 * x^a + c2 * x^b is divisible by g for nonzero c0, c1, c2 in
    // GF(32); scaling by 1/c0, when the residue of 1 + c1 * x^a is a GF(32) multiple of the
    // residue of x^b. Residues are compared after scaling their leading coefficient to 1.
    int[] powers = new int[Bech32m.CODE_LENGTH];
    powers[0] = 1;
    for (int k = 1; k < powers.length; k++) {
      powers[k] = Bech32m.step(powers[k - 1], 0);
    }
    Map<Integer, Integer> distanceByDirection = new HashMap<>();
    for (int b = 1; b < powers.length; b++) {
      distanceByDirection.put(Gf32.normalize(powers[b]), b);
    }
    // Every x^b has its own direction; otherwise two substitutions would already go unnoticed.
    assertThat(distanceByDirection).hasSize(powers.length - 1);
    for (int a = 1; a < powers.length; a++) {
      for (int c1 = 1; c1 < 32; c1++) {
        int combined = 1 ^ Gf32.scale(powers[a], c1);
        Integer b = distanceByDirection.get(Gf32.normalize(combined));
        assertThat(b).as("undetected pattern at distances 0, %d and %s", a, b).isNull();
      }
    }
  }

  @Test
  void gf32ScalingCommutesWithTheChecksumStep() {
    // Guards the test arithmetic above: if GF(32) were set up with another modulus than the
    // generator's, scaling would not commute with multiplying by x modulo g.
    Random random = new Random(350);
    for (int i = 0; i < 1000; i++) {
      int residue = random.nextInt(1 << 30);
      int factor = 1 + random.nextInt(31);
      assertThat(Bech32m.step(Gf32.scale(residue, factor), 0))
          .isEqualTo(Gf32.scale(Bech32m.step(residue, 0), factor));
    }
  }

  @Test
  void aSingleSubstitutionIsLocatedExactlyInALongString() throws DecodingException {
    Random random = new Random(17);
    byte[] data = new byte[600];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) random.nextInt(32);
    }
    String valid = Bech32m.encode("peerage", data);
    int dataStart = "peerage1".length();
    for (int index = dataStart; index < valid.length(); index++) {
      char replacement = otherCharacter(valid.charAt(index), random);
      String typo = valid.substring(0, index) + replacement + valid.substring(index + 1);
      int expected = index;
      assertThatThrownBy(() -> Bech32m.decode(typo, 1023))
          .isInstanceOfSatisfying(
              DecodingException.class,
              e -> {
                assertThat(e.problem()).isEqualTo(Problem.CHECKSUM_MISMATCH);
                assertThat(e.index()).isEqualTo(expected);
              });
    }
  }

  @Property(tries = 300)
  void bytesSurviveTheFiveBitRegrouping(@ForAll @Size(max = 700) byte[] bytes)
      throws DecodingException {
    byte[] groups = Bech32m.toFiveBitGroups(bytes);

    assertThat(groups).hasSize((bytes.length * 8 + 4) / 5);
    for (byte group : groups) {
      assertThat((int) group).isBetween(0, 31);
    }
    assertThat(Bech32m.fromFiveBitGroups(groups, 0)).isEqualTo(bytes);
  }

  @Property(tries = 300)
  void encodedStringsDecodeBack(@ForAll @Size(max = 900) byte[] raw) throws DecodingException {
    byte[] data = new byte[raw.length];
    for (int i = 0; i < raw.length; i++) {
      data[i] = (byte) (raw[i] & 31);
    }
    String text = Bech32m.encode("peerage", data);

    Bech32m.Decoded decoded = Bech32m.decode(text.toUpperCase(), 1023);
    assertThat(decoded.hrp()).isEqualTo("peerage");
    assertThat(decoded.data()).isEqualTo(data);
  }

  @Test
  void groupCountsThatNoByteStringProducesAreRejected() {
    // 1 group holds 5 bits, 3 hold 15 bits (1 byte + 7 bits), 6 hold 30 (3 bytes + 6 bits).
    for (int count : new int[] {1, 3, 6}) {
      assertThatThrownBy(() -> Bech32m.fromFiveBitGroups(new byte[count], 0))
          .isInstanceOfSatisfying(
              DecodingException.class,
              e -> assertThat(e.problem()).isEqualTo(Problem.EXCESS_PADDING));
    }
  }

  @Test
  void encodeRejectsBadHumanReadablePartsAndValues() {
    assertThatThrownBy(() -> Bech32m.encode("", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 characters");
    assertThatThrownBy(() -> Bech32m.encode("Peerage", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'P' at index 0");
    assertThatThrownBy(() -> Bech32m.encode("peerage", new byte[] {1, 32}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 at index 1");
  }

  private static char otherCharacter(char current, Random random) {
    char c;
    do {
      c = Bech32m.CHARSET.charAt(random.nextInt(32));
    } while (c == current);
    return c;
  }

  /** GF(32) as Bech32 defines it: polynomials over GF(2) modulo x^5 + x^3 + 1. */
  private static final class Gf32 {
    private static final int MODULUS = 0b101001;

    static int multiply(int a, int b) {
      int product = 0;
      for (int i = 0; i < 5; i++) {
        if (((b >>> i) & 1) != 0) {
          product ^= a << i;
        }
      }
      for (int bit = 8; bit >= 5; bit--) {
        if (((product >>> bit) & 1) != 0) {
          product ^= MODULUS << (bit - 5);
        }
      }
      return product;
    }

    static int inverse(int a) {
      for (int b = 1; b < 32; b++) {
        if (multiply(a, b) == 1) {
          return b;
        }
      }
      throw new ArithmeticException("0 has no inverse");
    }

    /** Multiplies each of the six 5-bit coefficients of a residue by {@code factor}. */
    static int scale(int residue, int factor) {
      int out = 0;
      for (int i = 0; i < 6; i++) {
        out |= multiply((residue >>> (5 * i)) & 31, factor) << (5 * i);
      }
      return out;
    }

    /** Scales a nonzero residue so its highest nonzero coefficient is 1. */
    static int normalize(int residue) {
      for (int i = 5; i >= 0; i--) {
        int lead = (residue >>> (5 * i)) & 31;
        if (lead != 0) {
          return scale(residue, inverse(lead));
        }
      }
      throw new ArithmeticException("zero residue");
    }
  }
}
