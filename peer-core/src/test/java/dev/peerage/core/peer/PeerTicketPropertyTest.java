package dev.peerage.core.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.Bech32m;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PeerTicketPropertyTest {

  /** Longest message allowed: the quoted ticket prefix plus a few quoted field values. */
  private static final int MAX_MESSAGE_LENGTH = 700;

  private static final String UPPER_CHARSET = Bech32m.CHARSET.toUpperCase(Locale.ROOT);

  @Property(tries = 1000)
  void randomTicketsRoundTrip(@ForAll("tickets") PeerTicket ticket) {
    String text = ticket.encode();

    assertThat(text).startsWith("PEERAGE1P").hasSizeLessThanOrEqualTo(PeerTicket.MAX_TEXT_LENGTH);
    assertThat(text.substring(8).chars()).allMatch(c -> UPPER_CHARSET.indexOf(c) >= 0);
    PeerTicket parsed = PeerTicket.parse(text);
    assertThat(parsed).isEqualTo(ticket).hasSameHashCodeAs(ticket);
    assertThat(parsed.encode()).isEqualTo(text);
    assertThat(PeerTicket.parse(text.toLowerCase(Locale.ROOT))).isEqualTo(ticket);
  }

  @Property(tries = 300)
  void twoOrThreeSubstitutionsAreAlwaysRejected(
      @ForAll("tickets") PeerTicket ticket,
      @ForAll @IntRange(min = 2, max = 3) int count,
      @ForAll Random random) {
    // Guaranteed, not just likely: the checksum's code has minimum distance 4 up to 1023 symbols.
    String text = ticket.encode();
    char[] chars = text.toCharArray();
    int changed = 0;
    while (changed < count) {
      int index = PeerTicket.PREFIX.length() + random.nextInt(text.length() - 8);
      if (chars[index] != text.charAt(index)) {
        continue;
      }
      char replacement = UPPER_CHARSET.charAt(random.nextInt(32));
      if (replacement != chars[index]) {
        chars[index] = replacement;
        changed++;
      }
    }
    InvalidTicketException e = rejection(new String(chars));
    assertThat(e.getMessage()).startsWith("checksum mismatch");
  }

  @Property(tries = 2000)
  void anyUnicodeTextIsATicketOrAnInvalidTicketException(@ForAll("unicode") String text) {
    parseOrInvalidTicket(text);
  }

  @Property(tries = 2000)
  void ticketAlphabetNoiseIsRejected(@ForAll("alphabetNoise") String text) {
    // A random string of ticket characters has a valid checksum with probability 2^-30.
    rejection(text);
  }

  @Property(tries = 2000)
  void arbitraryPayloadsWithValidChecksumsFailOnlyWithInvalidTicket(
      @ForAll @Size(max = 620) byte[] payload, @ForAll("versions") int version) {
    String text = TicketTexts.withPayload(version, payload);

    PeerTicket ticket = parseOrInvalidTicket(text);
    if (ticket != null) {
      assertThat(ticket.encode()).isEqualTo(text);
    }
  }

  @Property(tries = 2000)
  void editedPayloadsOfValidTicketsFailOnlyWithInvalidTicket(
      @ForAll("tickets") PeerTicket ticket, @ForAll Random random) throws Exception {
    byte[] payload = payloadOf(ticket);
    byte[] edited = edit(payload, random);
    String text = TicketTexts.withPayload(PeerTicket.VERSION, edited);

    PeerTicket parsed = parseOrInvalidTicket(text);
    if (parsed != null) {
      // Whatever got through must be a ticket in canonical form that encodes to this very text.
      assertThat(parsed.encode()).isEqualTo(text);
    }
  }

  // ---- helpers ----

  /** Parses, and either returns the ticket or checks the rejection and returns null. */
  private static PeerTicket parseOrInvalidTicket(String text) {
    try {
      return PeerTicket.parse(text);
    } catch (InvalidTicketException e) {
      checkMessage(e);
      return null;
    }
  }

  private static InvalidTicketException rejection(String text) {
    try {
      PeerTicket.parse(text);
    } catch (InvalidTicketException e) {
      checkMessage(e);
      return e;
    }
    throw new AssertionError("accepted " + text);
  }

  private static void checkMessage(InvalidTicketException e) {
    assertThat(e.getMessage())
        .isNotBlank()
        .hasSizeLessThanOrEqualTo(MAX_MESSAGE_LENGTH)
        .doesNotContain("\n", "\r");
    e.position().ifPresent(position -> assertThat(position).isPositive());
  }

  private static byte[] payloadOf(PeerTicket ticket) throws Bech32m.DecodingException {
    Bech32m.Decoded decoded = Bech32m.decode(ticket.encode(), PeerTicket.MAX_TEXT_LENGTH);
    return Bech32m.fromFiveBitGroups(decoded.data(), 1);
  }

  /** One to three random edits: change, drop or insert a byte, or cut the tail. */
  private static byte[] edit(byte[] payload, Random random) {
    byte[] result = payload;
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(result.length + 1);
      switch (random.nextInt(4)) {
        case 0 -> {
          if (at < result.length) {
            result = result.clone();
            result[at] = (byte) random.nextInt(256);
          }
        }
        case 1 -> {
          if (at < result.length) {
            byte[] shorter = new byte[result.length - 1];
            System.arraycopy(result, 0, shorter, 0, at);
            System.arraycopy(result, at + 1, shorter, at, shorter.length - at);
            result = shorter;
          }
        }
        case 2 -> {
          byte[] longer = new byte[result.length + 1];
          System.arraycopy(result, 0, longer, 0, at);
          longer[at] = (byte) random.nextInt(256);
          System.arraycopy(result, at, longer, at + 1, result.length - at);
          result = longer;
        }
        default -> {
          byte[] cut = new byte[at];
          System.arraycopy(result, 0, cut, 0, at);
          result = cut;
        }
      }
    }
    return result;
  }

  // ---- generators ----

  @Provide
  Arbitrary<PeerTicket> tickets() {
    Arbitrary<NodeId> nodeIds = Arbitraries.bytes().array(byte[].class).ofSize(32).map(NodeId::of);
    Arbitrary<List<PeerAddress>> addresses =
        addresses().list().ofMinSize(1).ofMaxSize(PeerTicket.MAX_ADDRESSES).uniqueElements();
    return Combinators.combine(nodeIds, addresses, networks(), labels()).as(PeerTicket::of);
  }

  private static Arbitrary<PeerAddress> addresses() {
    Arbitrary<Integer> ports = Arbitraries.integers().between(1, 65535);
    Arbitrary<PeerAddress> ipv4 =
        Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(4), ports)
            .as(PeerAddress::ofIp);
    Arbitrary<PeerAddress> ipv6 =
        Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(16), ports)
            .as(PeerAddress::ofIp);
    Arbitrary<PeerAddress> names =
        Combinators.combine(hostNames(), ports).as((name, port) -> PeerAddress.parse(name, port));
    return Arbitraries.oneOf(ipv4, ipv6, names);
  }

  /** Names of 1 to 3 labels, each a letter then up to 8 letters, digits or inner hyphens. */
  private static Arbitrary<String> hostNames() {
    Arbitrary<String> label =
        Combinators.combine(
                Arbitraries.chars().range('a', 'z'),
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .withCharRange('0', '9')
                    .withChars('-')
                    .ofMaxLength(7),
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .withCharRange('0', '9')
                    .ofMaxLength(1))
            .as((first, middle, last) -> first + middle + last)
            .filter(l -> !l.endsWith("-"));
    return label.list().ofMinSize(1).ofMaxSize(3).map(labels -> String.join(".", labels));
  }

  private static Arbitrary<NetworkId> networks() {
    Arbitrary<NetworkId> named =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('0', '9')
            .withChars("-_.")
            .ofMaxLength(NetworkId.MAX_LENGTH - 2)
            .map(middle -> NetworkId.of("n" + middle + "z"));
    return Arbitraries.oneOf(
        Arbitraries.of(NetworkId.MAIN, NetworkId.TESTNET, NetworkId.REGTEST), named);
  }

  /** Labels of up to 64 code points from all planes except control characters, or none. */
  private static Arbitrary<Optional<String>> labels() {
    Arbitrary<Integer> codePoints =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(0x20, 0x7e)),
            Tuple.of(1, Arbitraries.integers().between(0xa0, 0xd7ff)),
            Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
            Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
    Arbitrary<Optional<String>> present =
        codePoints
            .list()
            .ofMinSize(1)
            .ofMaxSize(PeerTicket.MAX_LABEL_LENGTH)
            .map(list -> list.stream().map(Character::toString).collect(Collectors.joining()))
            .map(text -> text.isBlank() ? Optional.empty() : Optional.of(text));
    return Arbitraries.oneOf(Arbitraries.just(Optional.empty()), present);
  }

  @Provide
  Arbitrary<String> unicode() {
    Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(1100);
    Arbitrary<String> prefixed = anything.map(text -> "PEERAGE1" + text);
    Arbitrary<String> tooLong = Arbitraries.strings().all().ofMinLength(1020).ofMaxLength(1030);
    return Arbitraries.oneOf(anything, prefixed, tooLong);
  }

  @Provide
  Arbitrary<String> alphabetNoise() {
    return Arbitraries.strings()
        .withChars(Bech32m.CHARSET)
        .ofMinLength(0)
        .ofMaxLength(1015)
        .map(
            body ->
                Math.abs(body.hashCode()) % 2 == 0
                    ? "PEERAGE1" + body.toUpperCase(Locale.ROOT)
                    : "peerage1" + body);
  }

  @Provide
  Arbitrary<Integer> versions() {
    return Arbitraries.frequency(Tuple.of(9, PeerTicket.VERSION), Tuple.of(1, 0))
        .flatMap(
            choice ->
                choice == 0
                    ? Arbitraries.integers().between(0, 31)
                    : Arbitraries.just(PeerTicket.VERSION));
  }
}
