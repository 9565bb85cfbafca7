package dev.peerage.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdTest {
  // RFC 8032 section 7.1, TEST 1: public key and the signature of the empty message.
  private static final String RFC_TEST1_PUBLIC =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String RFC_TEST1_SIGNATURE =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
          + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

  private static byte[] bytes(int first, int fill) {
    byte[] b = new byte[NodeId.LENGTH];
    Arrays.fill(b, (byte) fill);
    b[0] = (byte) first;
    return b;
  }

  @Test
  void bytesRoundTripAndDefensiveCopies() {
    byte[] input = bytes(1, 2);
    NodeId id = NodeId.of(input);
    input[5] = 99;
    assertThat(id.toBytes()).isEqualTo(bytes(1, 2));
    id.toBytes()[5] = 99;
    assertThat(id.toBytes()).isEqualTo(bytes(1, 2));
  }

  @Test
  void textFormIsLowerCaseHexAndParsesBack() {
    NodeId id = NodeId.parse(RFC_TEST1_PUBLIC);
    assertThat(id.toString()).isEqualTo(RFC_TEST1_PUBLIC).hasSize(NodeId.TEXT_LENGTH);
    assertThat(id.toBytes()).isEqualTo(HexFormat.of().parseHex(RFC_TEST1_PUBLIC));
    assertThat(
            NodeId.of(
                    new byte[] {
                      (byte) 0xAB,
                      (byte) 0xCD,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      0,
                      (byte) 0xEF
                    })
                .toString())
        .isEqualTo("abcd" + "0".repeat(58) + "ef");
  }

  @Test
  void parseAcceptsEitherCase() {
    String upper = RFC_TEST1_PUBLIC.toUpperCase(Locale.ROOT);
    String mixed = upper.substring(0, 32) + RFC_TEST1_PUBLIC.substring(32);
    assertThat(NodeId.parse(upper)).isEqualTo(NodeId.parse(RFC_TEST1_PUBLIC));
    assertThat(NodeId.parse(mixed)).isEqualTo(NodeId.parse(RFC_TEST1_PUBLIC));
    assertThat(NodeId.parse(upper).toString()).isEqualTo(RFC_TEST1_PUBLIC);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 31, 33, 64})
  void ofRejectsWrongLengthNamingIt(int length) {
    assertThatThrownBy(() -> NodeId.of(new byte[length]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got " + length)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void ofRejectsNull() {
    assertThatThrownBy(() -> NodeId.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("publicKey");
  }

  @Test
  void parseRejectsNull() {
    assertThatThrownBy(() -> NodeId.parse(null))
        .isInstanceOf(InvalidNodeIdException.class)
        .hasMessageContaining("null")
        .hasMessageContaining("64 hex digits");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 63, 65, 128})
  void parseRejectsWrongLengthQuotingIt(int length) {
    String text = "a".repeat(length);
    assertThatThrownBy(() -> NodeId.parse(text))
        .isInstanceOf(InvalidNodeIdException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text.substring(0, Math.min(length, 100)) + (length > 100 ? "...'" : "'"))
        .hasMessageContaining("is " + length + " characters")
        .hasMessageContaining("expected 64 hex digits");
  }

  @Test
  void parseRejectsSurroundingWhiteSpaceAndPrefix() {
    assertThatThrownBy(() -> NodeId.parse(" " + RFC_TEST1_PUBLIC))
        .isInstanceOf(InvalidNodeIdException.class)
        .hasMessageContaining("65 characters");
    assertThatThrownBy(() -> NodeId.parse("0x" + RFC_TEST1_PUBLIC.substring(2)))
        .isInstanceOf(InvalidNodeIdException.class)
        .hasMessageContaining("non-hex character at index 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"g", "G", " ", "-", "\u0663", "\uff21", "\u00e9"})
  void parseRejectsNonHexCharacterNamingTheIndex(String bad) {
    // Includes an Arabic-Indic digit and a fullwidth 'A', which Character.digit would accept.
    String text = RFC_TEST1_PUBLIC.substring(0, 10) + bad + RFC_TEST1_PUBLIC.substring(11);
    assertThatThrownBy(() -> NodeId.parse(text))
        .isInstanceOf(InvalidNodeIdException.class)
        .hasMessageContaining("non-hex character at index 10")
        .hasMessageContaining(text.substring(0, 10));
  }

  @Test
  void parseMessageIsBoundedForHugeInput() {
    String huge = "z".repeat(100_000);
    assertThatThrownBy(() -> NodeId.parse(huge))
        .isInstanceOf(InvalidNodeIdException.class)
        .hasMessageContaining("100000 characters")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
  }

  @Test
  void shortStringIsTheFirstEightHexDigits() {
    assertThat(NodeId.parse(RFC_TEST1_PUBLIC).shortString()).isEqualTo("d75a9801");
  }

  @Test
  void orderingIsUnsignedLexicographic() {
    NodeId low = NodeId.of(bytes(0x00, 0xff));
    NodeId mid = NodeId.of(bytes(0x7f, 0xff));
    NodeId high = NodeId.of(bytes(0x80, 0x00)); // negative as a signed byte
    NodeId top = NodeId.of(bytes(0xff, 0x00));
    List<NodeId> sorted = new ArrayList<>(List.of(top, high, low, mid));
    Collections.sort(sorted);
    assertThat(sorted).containsExactly(low, mid, high, top);
    assertThat(high.compareTo(NodeId.of(bytes(0x80, 0x00)))).isZero();
  }

  @Test
  void equalityAndHashAreByBytes() {
    NodeId a = NodeId.of(bytes(3, 4));
    NodeId b = NodeId.parse(a.toString());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(NodeId.of(bytes(3, 5)));
    assertThat(a).isNotEqualTo(a.toString());
  }

  @Test
  void toPublicKeyVerifiesAnRfc8032Signature() throws Exception {
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(NodeId.parse(RFC_TEST1_PUBLIC).toPublicKey());
    verifier.update(new byte[0]);
    assertThat(verifier.verify(HexFormat.of().parseHex(RFC_TEST1_SIGNATURE))).isTrue();
  }

  @Property(tries = 300)
  void textFormRoundTrips(@ForAll @Size(value = NodeId.LENGTH) byte[] raw) {
    NodeId id = NodeId.of(raw);
    assertThat(NodeId.parse(id.toString())).isEqualTo(id);
    assertThat(NodeId.parse(id.toString().toUpperCase(Locale.ROOT))).isEqualTo(id);
    assertThat(id.toString()).matches("[0-9a-f]{64}");
  }

  @Property(tries = 300)
  void orderingMatchesTextOrdering(
      @ForAll @Size(value = NodeId.LENGTH) byte[] a,
      @ForAll @Size(value = NodeId.LENGTH) byte[] b) {
    NodeId x = NodeId.of(a);
    NodeId y = NodeId.of(b);
    assertThat(Integer.signum(x.compareTo(y)))
        .isEqualTo(Integer.signum(x.toString().compareTo(y.toString())))
        .isEqualTo(-Integer.signum(y.compareTo(x)));
    assertThat(x.compareTo(y) == 0).isEqualTo(x.equals(y));
  }
}
