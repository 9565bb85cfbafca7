package dev.peerage.core.peer;

import static dev.peerage.core.peer.TicketTexts.NODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.Bech32m;
import dev.peerage.core.peer.TicketTexts.Payload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerTicketTest {

  /** The QR code alphanumeric mode character set (ISO/IEC 18004). */
  private static final String QR_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

  private static final String UPPER_CHARSET = Bech32m.CHARSET.toUpperCase(Locale.ROOT);

  /** Characters outside the ticket alphabet that a person or a bad paste might produce. */
  private static final String STRAY_CHARACTERS = "BIO1b-_ .:+/\t\u00e9\u0000\u200b\uff10";

  static Stream<PeerTicket> samples() {
    return TicketTexts.samples().stream();
  }

  // ---- round trips ----

  @ParameterizedTest
  @MethodSource("samples")
  void encodeThenParseGivesAnEqualTicket(PeerTicket ticket) {
    String text = ticket.encode();
    PeerTicket parsed = PeerTicket.parse(text);

    assertThat(parsed).isEqualTo(ticket).hasSameHashCodeAs(ticket);
    assertThat(parsed.encode()).isEqualTo(text);
    assertThat(parsed.nodeId()).isEqualTo(ticket.nodeId());
    assertThat(parsed.addresses()).containsExactlyElementsOf(ticket.addresses());
    assertThat(parsed.network()).isEqualTo(ticket.network());
    assertThat(parsed.label()).isEqualTo(ticket.label());
    assertThat(parsed.version()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void encodedTextIsUpperCaseQrAlphanumericWithThePrefixAndVersion(PeerTicket ticket) {
    String text = ticket.encode();

    assertThat(text).startsWith("PEERAGE1P").hasSizeLessThanOrEqualTo(1023);
    assertThat(text.chars()).allMatch(c -> QR_ALPHANUMERIC.indexOf(c) >= 0);
    assertThat(text.substring(8).chars()).allMatch(c -> UPPER_CHARSET.indexOf(c) >= 0);
  }

  @Test
  void valuesOfEachKindSurviveTheRoundTrip() {
    PeerTicket ticket = TicketTexts.eightMixedWithUnicodeLabel();
    PeerTicket parsed = PeerTicket.parse(ticket.encode());

    assertThat(parsed.addresses()).hasSize(8);
    assertThat(parsed.addresses().get(1).toString()).isEqualTo("[fe80::1]:65535");
    assertThat(parsed.addresses().get(2).isHostName()).isTrue();
    assertThat(parsed.addresses().get(4).host()).isEqualTo("2001:db8:85a3::8a2e:370:7334");
    assertThat(parsed.network().name()).isEqualTo("home-lab_2.test");
    assertThat(parsed.label()).contains("Büro-PC 🖥️ 東京");
  }

  @Test
  void typicalTicketLengths() {
    // One IPv4 address, network main, no label: 45 payload bytes, 87 characters (under Bech32's
    // classic 90); two addresses (IPv4 + IPv6) and a 14-character label: 140 characters; the
    // 16-character host name node.example.org on regtest: 113 characters.
    assertThat(TicketTexts.oneIpv4().encode()).hasSize(87);
    assertThat(TicketTexts.twoAddressesWithLabel().encode()).hasSize(140);
    assertThat(TicketTexts.hostName().encode()).hasSize(113);
  }

  @Test
  void largestTicketOfIpAddressesAndLongestLabelFits() {
    List<PeerAddress> addresses = new ArrayList<>();
    for (int i = 0; i < PeerTicket.MAX_ADDRESSES; i++) {
      addresses.add(PeerAddress.parse("[2001:db8::" + (i + 1) + "]:65535"));
    }
    String emoji64 = "😀".repeat(PeerTicket.MAX_LABEL_LENGTH); // 256 bytes of UTF-8
    PeerTicket ticket =
        PeerTicket.of(
            NODE, addresses, NetworkId.of("n".repeat(NetworkId.MAX_LENGTH)), Optional.of(emoji64));

    assertThat(ticket.encode()).hasSize(774);
    assertThat(PeerTicket.parse(ticket.encode())).isEqualTo(ticket);
  }

  @Test
  void lowerCaseTicketsAreAccepted() {
    PeerTicket ticket = TicketTexts.twoAddressesWithLabel();

    assertThat(PeerTicket.parse(ticket.encode().toLowerCase(Locale.ROOT))).isEqualTo(ticket);
  }

  @Test
  void surroundingWhiteSpaceIsIgnored() {
    PeerTicket ticket = TicketTexts.oneIpv4();

    assertThat(PeerTicket.parse(" \t\n" + ticket.encode() + "\r\n ")).isEqualTo(ticket);
  }

  // ---- typo detection ----

  @ParameterizedTest
  @MethodSource("samples")
  void everySingleCharacterSubstitutionIsRejected(PeerTicket ticket) {
    String text = ticket.encode();
    int checked = 0;
    for (int i = 0; i < text.length(); i++) {
      String replacements = UPPER_CHARSET + STRAY_CHARACTERS;
      for (int r = 0; r < replacements.length(); r++) {
        char replacement = replacements.charAt(r);
        if (replacement == text.charAt(i)) {
          continue;
        }
        String typo = text.substring(0, i) + replacement + text.substring(i + 1);
        InvalidTicketException e = rejection(typo);
        checked++;
        boolean strippedAtTheEnd = i == text.length() - 1 && Character.isWhitespace(replacement);
        if (i >= PeerTicket.PREFIX.length() && !strippedAtTheEnd) {
          // Whatever the replacement, the fault is found at the changed position: a character
          // outside the alphabet at once, a wrong ticket character by the checksum.
          assertThat(e.position()).as("%s", typo).hasValue(i + 1);
        }
        if (i >= PeerTicket.PREFIX.length() && r < UPPER_CHARSET.length()) {
          assertThat(e.getMessage())
              .startsWith(
                  "checksum mismatch: the ticket has a typo (check the characters near position "
                      + (i + 1)
                      + ")");
        }
      }
    }
    assertThat(checked).isGreaterThan(text.length() * 31);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySingleCharacterDeletionIsRejected(PeerTicket ticket) {
    String text = ticket.encode();
    for (int i = 0; i < text.length(); i++) {
      rejection(text.substring(0, i) + text.substring(i + 1));
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySingleCharacterInsertionIsRejected(PeerTicket ticket) {
    String text = ticket.encode();
    // Only white space at either end is harmless: parse ignores it by design.
    String inserted = UPPER_CHARSET + STRAY_CHARACTERS.replace(" ", "").replace("\t", "");
    for (int i = 0; i <= text.length(); i++) {
      for (int r = 0; r < inserted.length(); r++) {
        rejection(text.substring(0, i) + inserted.charAt(r) + text.substring(i));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySwapOfNeighboursIsRejected(PeerTicket ticket) {
    // A swap of two different characters is two substitutions, which the code always detects.
    String text = ticket.encode();
    for (int i = 0; i + 1 < text.length(); i++) {
      if (text.charAt(i) != text.charAt(i + 1)) {
        rejection(
            text.substring(0, i) + text.charAt(i + 1) + text.charAt(i) + text.substring(i + 2));
      }
    }
  }

  @Test
  void qsInsertedBeforeAFinalPAreDetected() {
    // Bech32's known weakness (BIP-350, "Motivation"); Bech32m's constant removes it. Find a
    // ticket ending in P by varying the port, then insert Qs before that P.
    PeerTicket ticket = null;
    for (int port = 1; ticket == null; port++) {
      PeerTicket candidate =
          PeerTicket.of(
              NODE,
              List.of(PeerAddress.parse("203.0.113.7:" + port)),
              NetworkId.MAIN,
              Optional.empty());
      if (candidate.encode().endsWith("P")) {
        ticket = candidate;
      }
    }
    String text = ticket.encode();
    String body = text.substring(0, text.length() - 1);
    for (int count = 1; count <= 5; count++) {
      // The checksum itself must object; under Bech32 only the payload rules would have caught it.
      assertThat(rejection(body + "Q".repeat(count) + "P").getMessage())
          .startsWith("checksum mismatch");
    }
  }

  // ---- messages for malformed text ----

  @Test
  void aTypoIsReportedWithItsPosition() {
    String text = TicketTexts.oneIpv4().encode();
    char other = text.charAt(40) == 'Q' ? 'P' : 'Q';
    String typo = text.substring(0, 40) + other + text.substring(41);

    assertRejected(typo)
        .hasMessageStartingWith(
            "checksum mismatch: the ticket has a typo (check the characters near position 41);"
                + " ticket 'PEERAGE1")
        .satisfies(e -> assertThat(((InvalidTicketException) e).position()).hasValue(41));
  }

  @Test
  void aMissingCharacterIsAChecksumMismatch() {
    String text = TicketTexts.oneIpv4().encode();

    assertRejected(text.substring(0, 30) + text.substring(31))
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void charactersOutsideTheAlphabetAreNamedWithAHint() {
    String text = TicketTexts.oneIpv4().encode();

    assertRejected(text.substring(0, 20) + "O" + text.substring(21))
        .hasMessageStartingWith(
            "'O' at position 21 is not a ticket character (did you mean the digit 0?); a ticket"
                + " has only the digits 0 and 2-9 and the letters A-Z except B, I and O");
    assertRejected(text.substring(0, 20) + "-" + text.substring(21))
        .hasMessageStartingWith("'-' at position 21 is not a ticket character;");
    assertRejected(text.substring(0, 20) + "é" + text.substring(21))
        .hasMessageStartingWith("'é' (U+00E9) at position 21 is not a ticket character;");
  }

  @Test
  void innerWhiteSpaceIsRejectedWithItsPosition() {
    String text = TicketTexts.oneIpv4().encode();

    assertRejected(text.substring(0, 44) + "\n" + text.substring(44))
        .hasMessageStartingWith(
            "white space at position 45: a ticket is one word without spaces or line breaks");
    assertRejected(text.substring(0, 44) + " " + text.substring(44))
        .hasMessageContaining("white space at position 45");
  }

  @Test
  void mixedCaseIsRejected() {
    String text = TicketTexts.oneIpv4().encode();
    String mixed = text.substring(0, 50) + text.substring(50).toLowerCase(Locale.ROOT);
    int firstLower = 50;
    while (!Character.isLetter(mixed.charAt(firstLower))) {
      firstLower++;
    }

    assertRejected(mixed)
        .hasMessageStartingWith(
            "mixed case at position "
                + (firstLower + 1)
                + ": a ticket is all upper case or all lower case");
    assertRejected("Peerage1" + text.substring(8).toLowerCase(Locale.ROOT))
        .hasMessageStartingWith("mixed case at position 2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hello",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        "iroh-ticket:abc",
        "203.0.113.7:9798"
      })
  void otherTextIsNotAPeerageTicket(String text) {
    assertRejected(text)
        .hasMessageStartingWith("not a Peerage ticket: a ticket starts with PEERAGE1");
  }

  @Test
  void aTypoInThePrefixIsLocated() {
    String text = TicketTexts.oneIpv4().encode();

    assertRejected("PEERAGF1" + text.substring(8))
        .hasMessageStartingWith(
            "not a Peerage ticket: a ticket starts with PEERAGE1, but position 7 is 'F'")
        .satisfies(e -> assertThat(((InvalidTicketException) e).position()).hasValue(7));
    assertRejected("PEERAG").hasMessageStartingWith("not a Peerage ticket: it ends after 6");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n\t"})
  void emptyAndBlankTextAreRejected(String text) {
    assertRejected(text).hasMessageMatching("ticket is (empty|blank); expected text starting.*");
  }

  @Test
  void nullIsRejectedWithTheTicketException() {
    assertRejected(null).hasMessageStartingWith("ticket is null");
  }

  @Test
  void aCutTicketIsTooShort() {
    assertRejected("PEERAGE1").hasMessageStartingWith("ticket is too short: 8 characters");
    assertRejected("PEERAGE1PQV9P").hasMessageStartingWith("ticket is too short: 13 characters");
  }

  @Test
  void tooLongTextIsRejectedBeforeDecodingAndQuotedOnlyInPart() {
    String longText = "PEERAGE1" + "Q".repeat(1016);
    String huge = "PEERAGE1" + "Q".repeat(5_000_000);

    assertRejected(longText)
        .hasMessageStartingWith("ticket is 1024 characters, longer than any ticket (at most 1023)");
    assertRejected(huge)
        .hasMessageStartingWith("ticket is 5000008 characters")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    // Surrounding white space does not count towards the limit.
    String text = TicketTexts.oneIpv4().encode();
    assertThat(PeerTicket.parse(" ".repeat(2000) + text + " ".repeat(2000)).encode())
        .isEqualTo(text);
  }

  @Test
  void messagesQuoteABoundedPrefixOfTheTicket() {
    String text = TicketTexts.eightMixedWithUnicodeLabel().encode();
    String typo =
        text.substring(0, 300) + (text.charAt(300) == 'Q' ? 'P' : 'Q') + text.substring(301);

    assertRejected(typo)
        .satisfies(
            e -> {
              assertThat(e.getMessage()).contains("'" + typo.substring(0, 100) + "...' (" + typo.length() + " characters)");
              assertThat(e.getMessage()).doesNotContain(typo.substring(0, 101));
            });
  }

  // ---- versions ----

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 7, 31})
  void otherVersionsAreRejectedWithTheVersionNamed(int version) {
    byte[] payload = Payload.standard().bytes(1).ipv4(203, 0, 113, 7, 9798).toBytes();

    assertRejected(TicketTexts.withPayload(version, payload))
        .hasMessageStartingWith(
            "ticket version " + version + " is not supported (this library reads version 1)");
  }

  @Test
  void theCraftedVersionOneTicketIsTheSampleTicket() {
    // Guards the crafted payloads below: the helper builds exactly what encode() writes.
    String crafted = Payload.standard().bytes(1).ipv4(203, 0, 113, 7, 9798).ticket();

    assertThat(crafted).isEqualTo(TicketTexts.oneIpv4().encode());
  }

  @Test
  void aTicketWithoutDataIsRejected() {
    assertRejected(TicketTexts.withData(new byte[0]))
        .hasMessageStartingWith("ticket holds no data, not even a version");
  }

  // ---- strict payload decoding ----

  static Stream<Arguments> malformedPayloads() {
    return Stream.of(
        Arguments.of(
            "node id cut short",
            new Payload().bytes(new byte[20]),
            "ticket data ends inside the node id (32 bytes needed, 20 left)"),
        Arguments.of(
            "network length 0",
            new Payload().bytes(TicketTexts.nodeBytes()).bytes(0),
            "network name length 0 is out of range; expected 1 to 32"),
        Arguments.of(
            "network length 33",
            new Payload().bytes(TicketTexts.nodeBytes()).bytes(33),
            "network name length 33 is out of range"),
        Arguments.of(
            "upper-case network",
            new Payload()
                .bytes(TicketTexts.nodeBytes())
                .network("Main")
                .bytes(1)
                .ipv4(1, 2, 3, 4, 80),
            "network name is invalid: network id 'Main' has an upper-case letter"),
        Arguments.of(
            "non-ASCII network",
            new Payload()
                .bytes(TicketTexts.nodeBytes())
                .network("ma\u00efn")
                .bytes(1)
                .ipv4(1, 2, 3, 4, 80),
            "network name is invalid"),
        Arguments.of(
            "no address",
            Payload.standard().bytes(0),
            "address count 0 is out of range; expected 1 to 8"),
        Arguments.of(
            "nine addresses",
            Payload.standard().bytes(9),
            "address count 9 is out of range; expected 1 to 8"),
        Arguments.of(
            "count without addresses",
            Payload.standard().bytes(2).ipv4(1, 2, 3, 4, 80),
            "ticket data ends inside the type of address 2 of 2"),
        Arguments.of(
            "unknown address type",
            Payload.standard().bytes(1).bytes(9, 1, 2, 3, 4).port(80),
            "address 1 of 1 has the unknown type 9; expected 1 (IPv4), 2 (IPv6) or 3 (host"),
        Arguments.of(
            "IPv4 cut short",
            Payload.standard().bytes(1).bytes(1, 1, 2),
            "ticket data ends inside the IP address of address 1 of 1"),
        Arguments.of(
            "port cut short",
            Payload.standard().bytes(1).bytes(1, 1, 2, 3, 4, 0),
            "ticket data ends inside the port of address 1 of 1"),
        Arguments.of(
            "port 0",
            Payload.standard().bytes(1).ipv4(1, 2, 3, 4, 0),
            "address 1 of 1 has port 0; expected 1 to 65535"),
        Arguments.of(
            "IPv4-mapped IPv6",
            Payload.standard()
                .bytes(1)
                .bytes(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4)
                .port(80),
            "address 1 of 1 is the IPv4-mapped IPv6 address ::ffff:1.2.3.4"),
        Arguments.of(
            "host name length 0",
            Payload.standard().bytes(1).bytes(3, 0).port(80),
            "address 1 of 1 has a host name length of 0; expected 1 to 253"),
        Arguments.of(
            "host name length 254",
            Payload.standard().bytes(1).bytes(3, 254),
            "address 1 of 1 has a host name length of 254"),
        Arguments.of(
            "upper-case host name",
            Payload.standard().bytes(1).hostName("Node.example.org", 80),
            "address 1 of 1 has the host name 'Node.example.org', which is not a host name in"
                + " canonical form"),
        Arguments.of(
            "host name with a trailing dot",
            Payload.standard().bytes(1).hostName("node.example.org.", 80),
            "which is not a host name in canonical form"),
        Arguments.of(
            "IP address as a host name",
            Payload.standard().bytes(1).hostName("1.2.3.4", 80),
            "address 1 of 1 has the host name '1.2.3.4', which is not a host name in"),
        Arguments.of(
            "bracketed IPv6 as a host name",
            Payload.standard().bytes(1).hostName("[::1]", 80),
            "which is not a host name in canonical form"),
        Arguments.of(
            "host name with a port inside",
            Payload.standard().bytes(1).hostName("a.example:81", 80),
            "address 1 of 1 has an invalid host name:"),
        Arguments.of(
            "malformed host name",
            Payload.standard().bytes(1).hostName("-bad-.example", 80),
            "address 1 of 1 has an invalid host name:"),
        Arguments.of(
            "duplicate address",
            Payload.standard().bytes(2).ipv4(1, 2, 3, 4, 80).ipv4(1, 2, 3, 4, 80),
            "address 2 of 2 (1.2.3.4:80) repeats address 1"),
        Arguments.of(
            "label not UTF-8",
            Payload.standard().bytes(1).ipv4(1, 2, 3, 4, 80).bytes(0x41, 0xff),
            "label is not valid UTF-8 (2 bytes)"),
        Arguments.of(
            "label with an encoded surrogate",
            Payload.standard().bytes(1).ipv4(1, 2, 3, 4, 80).bytes(0xed, 0xa0, 0x80),
            "label is not valid UTF-8 (3 bytes)"),
        Arguments.of(
            "label with an overlong encoding",
            Payload.standard().bytes(1).ipv4(1, 2, 3, 4, 80).bytes(0xc0, 0xaf),
            "label is not valid UTF-8 (2 bytes)"),
        Arguments.of(
            "label with a control character",
            Payload.standard().bytes(1).ipv4(1, 2, 3, 4, 80).label("Bob\u0007"),
            "label 'Bob\\u0007' has the control character U+0007 at index 3"),
        Arguments.of(
            "label with a leading space",
            Payload.standard().bytes(1).ipv4(1, 2, 3, 4, 80).label(" Bob"),
            "label ' Bob' has white space at its start or end"),
        Arguments.of(
            "blank label",
            Payload.standard().bytes(1).ipv4(1, 2, 3, 4, 80).label("   "),
            "has white space at its start or end"),
        Arguments.of(
            "label of 65 code points",
            Payload.standard().bytes(1).ipv4(1, 2, 3, 4, 80).label("x".repeat(65)),
            "is 65 characters (code points), at most 64 allowed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedPayloads")
  void malformedPayloadsAreRejectedNamingTheField(
      String name, Payload payload, String expectedMessage) {
    assertRejected(payload.ticket())
        .hasMessageContaining(expectedMessage)
        .hasMessageContaining("; ticket 'PEERAGE1P");
  }

  @Test
  void paddingMustBeZeroAndShort() {
    byte[] valid = Payload.standard().bytes(1).ipv4(1, 2, 3, 4, 80).label("a").toBytes();
    byte[] groups = Bech32m.toFiveBitGroups(valid);
    // 46 bytes are 368 bits in 74 groups: 2 zero bits of padding at the end.
    assertThat(groups.length * 5 - valid.length * 8).isEqualTo(2);
    byte[] data = new byte[groups.length + 1];
    data[0] = 1;
    System.arraycopy(groups, 0, data, 1, groups.length);
    assertThat(PeerTicket.parse(TicketTexts.withData(data)).addresses()).hasSize(1);

    byte[] nonzero = data.clone();
    nonzero[nonzero.length - 1] |= 1;
    assertRejected(TicketTexts.withData(nonzero))
        .hasMessageStartingWith(
            "ticket data does not end on a byte boundary as an encoder writes it: padding bits");

    byte[] extra = new byte[data.length + 1];
    System.arraycopy(data, 0, extra, 0, data.length);
    assertRejected(TicketTexts.withData(extra))
        .hasMessageStartingWith(
            "ticket data does not end on a byte boundary as an encoder writes it: 7 bits left");
  }

  @Test
  void aZeroByteAfterTheAddressesIsALabelAndRejected() {
    // No bytes may trail the addresses except a valid label; a stray zero byte is a control
    // character, so trailing garbage never passes as "no label".
    assertRejected(Payload.standard().bytes(1).ipv4(1, 2, 3, 4, 80).bytes(0).ticket())
        .hasMessageContaining("has the control character U+0000");
  }

  // ---- of(): values ----

  @Test
  void ofRejectsBadAddressLists() {
    PeerAddress a = PeerAddress.parse("1.2.3.4:80");
    List<PeerAddress> nine = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      nine.add(PeerAddress.parse("10.0.0." + i + ":80"));
    }

    assertThatThrownBy(() -> PeerTicket.of(NODE, List.of(), NetworkId.MAIN, Optional.empty()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("a ticket has 1 to 8 addresses, got 0");
    assertThatThrownBy(() -> PeerTicket.of(NODE, nine, NetworkId.MAIN, Optional.empty()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("a ticket has 1 to 8 addresses, got 9");
    assertThatThrownBy(() -> PeerTicket.of(NODE, List.of(a, a), NetworkId.MAIN, Optional.empty()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("addresses holds 1.2.3.4:80 twice, at index 0 and 1");
    assertThatThrownBy(
            () ->
                PeerTicket.of(
                    NODE, Collections.singletonList(null), NetworkId.MAIN, Optional.empty()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("addresses[0] is null");
  }

  @Test
  void ofRejectsNullArguments() {
    List<PeerAddress> one = List.of(PeerAddress.parse("1.2.3.4:80"));
    assertThatThrownBy(() -> PeerTicket.of(null, one, NetworkId.MAIN, Optional.empty()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("nodeId");
    assertThatThrownBy(() -> PeerTicket.of(NODE, null, NetworkId.MAIN, Optional.empty()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("addresses");
    assertThatThrownBy(() -> PeerTicket.of(NODE, one, null, Optional.empty()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("network");
    assertThatThrownBy(() -> PeerTicket.of(NODE, one, NetworkId.MAIN, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("label");
  }

  @Test
  void ofChecksAndStripsTheLabel() {
    List<PeerAddress> one = List.of(PeerAddress.parse("1.2.3.4:80"));

    assertThat(PeerTicket.of(NODE, one, NetworkId.MAIN, Optional.of("  Bob \n")).label())
        .contains("Bob");
    assertThat(PeerTicket.of(NODE, one, NetworkId.MAIN, Optional.of("é".repeat(64))).label())
        .contains("é".repeat(64));
    assertThatThrownBy(() -> PeerTicket.of(NODE, one, NetworkId.MAIN, Optional.of(" \t ")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("label ' \\t ' is blank; give visible text, or no label");
    assertThatThrownBy(() -> PeerTicket.of(NODE, one, NetworkId.MAIN, Optional.of("x".repeat(65))))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is 65 characters (code points), at most 64 allowed");
    assertThatThrownBy(() -> PeerTicket.of(NODE, one, NetworkId.MAIN, Optional.of("a\u0000b")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has the control character U+0000 at index 1");
    assertThatThrownBy(() -> PeerTicket.of(NODE, one, NetworkId.MAIN, Optional.of("a\ud800b")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has an unpaired surrogate U+D800 at index 1");
    assertThatThrownBy(() -> PeerTicket.of(NODE, one, NetworkId.MAIN, Optional.of("ab\udc00")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has an unpaired surrogate U+DC00 at index 2");
  }

  @Test
  void ofRejectsTicketsLongerThanTheLimit() {
    String label63 = "a".repeat(63);
    List<PeerAddress> longNames = new ArrayList<>();
    for (int i = 0; i < PeerTicket.MAX_ADDRESSES; i++) {
      // 4 labels of 63 characters: 255, too long; 3 labels + 59 = 251 characters.
      longNames.add(
          PeerAddress.parse(
              String.join(".", label63, label63, label63, "n" + i + "a".repeat(57)) + ":80"));
    }

    assertThatThrownBy(() -> PeerTicket.of(NODE, longNames, NetworkId.MAIN, Optional.empty()))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching(
            "this ticket would be \\d+ characters, more than the 1023 a ticket may have; use"
                + " fewer or shorter host names or a shorter label");
    assertThatNoException()
        .isThrownBy(
            () -> PeerTicket.of(NODE, longNames.subList(0, 2), NetworkId.MAIN, Optional.empty()));
  }

  @Test
  void addressesAreAnUnmodifiableCopyInTheGivenOrder() {
    List<PeerAddress> input = new ArrayList<>();
    input.add(PeerAddress.parse("[2001:db8::1]:80"));
    input.add(PeerAddress.parse("1.2.3.4:80"));
    PeerTicket ticket = PeerTicket.of(NODE, input, NetworkId.MAIN, Optional.empty());
    input.clear();

    assertThat(ticket.addresses())
        .extracting(PeerAddress::toString)
        .containsExactly("[2001:db8::1]:80", "1.2.3.4:80");
    assertThatThrownBy(() -> ticket.addresses().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // ---- value semantics ----

  @Test
  void equalityCoversEveryValueAndTheAddressOrder() {
    PeerAddress a = PeerAddress.parse("1.2.3.4:80");
    PeerAddress b = PeerAddress.parse("5.6.7.8:80");
    PeerTicket base = PeerTicket.of(NODE, List.of(a, b), NetworkId.MAIN, Optional.of("x"));

    assertThat(base)
        .isEqualTo(PeerTicket.of(NODE, List.of(a, b), NetworkId.MAIN, Optional.of("x")))
        .isNotEqualTo(PeerTicket.of(NODE, List.of(b, a), NetworkId.MAIN, Optional.of("x")))
        .isNotEqualTo(PeerTicket.of(NODE, List.of(a, b), NetworkId.TESTNET, Optional.of("x")))
        .isNotEqualTo(PeerTicket.of(NODE, List.of(a, b), NetworkId.MAIN, Optional.empty()))
        .isNotEqualTo(
            PeerTicket.of(NodeId.of(new byte[32]), List.of(a, b), NetworkId.MAIN, Optional.of("x")))
        .isNotEqualTo("x");
  }

  @Test
  void toStringIsShort() {
    assertThat(TicketTexts.twoAddressesWithLabel())
        .hasToString("PeerTicket[node=030a1118, network=main, addresses=2]");
  }

  // ---- helpers ----

  private static InvalidTicketException rejection(String text) {
    try {
      PeerTicket.parse(text);
    } catch (InvalidTicketException e) {
      assertThat(e.getMessage()).isNotBlank();
      return e;
    }
    throw new AssertionError("accepted a changed ticket: " + text);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String text) {
    return assertThatThrownBy(() -> PeerTicket.parse(text))
        .isExactlyInstanceOf(InvalidTicketException.class);
  }
}
