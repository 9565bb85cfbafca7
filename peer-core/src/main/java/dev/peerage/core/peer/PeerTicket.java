package dev.peerage.core.peer;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.Bech32m;
import dev.peerage.core.internal.QuotedInput;
import dev.peerage.core.internal.QuotedInput;
import dev.peerage.core.internal.peer.TicketPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A pairing ticket: everything one node needs to reach another and know it is the right one (its
 * node id, where it listens, its network and an optional label), as a short text a person can copy,
 * type or scan from a QR code. Immutable and thread-safe.
 *
 * <p>A node shows {@code PeerTicket.of(...).encode()} as text and as a QR code; the other side
 * calls {@link #parse(String)} on what was pasted or scanned and adds a peer only if that succeeds.
 * A mistyped, cut or foreign text is always an {@link InvalidTicketException}, never a partly
 * filled peer.
 *
 * <h2>Text form</h2>
 *
 * <p>A ticket is a <a href="https://github.com/bitcoin/bips/blob/master/bip-0350.mediawiki">
 * Bech32m</a> string (BIP-350) with the human-readable part {@code peerage}:
 *
 * <pre>{@code
 * PEERAGE1 P <payload characters> <6 checksum characters>
 * }</pre>
 *
 * <ul>
 *   <li>{@code PEERAGE1} is the prefix (the human-readable part and Bech32's separator {@code 1}).
 *   <li>Every later character is one of the 32 characters {@code 0 2-9 A-Z} without {@code B},
 *       {@code I} and {@code O}: no look-alikes of {@code 1}, {@code 8} and {@code 0}, and all in
 *       the QR code alphanumeric set. The first of them is the format version as a 5-bit number
 *       ({@code P} for version 1); the last six are the checksum.
 *   <li>{@link #encode()} writes upper case, because a QR code stores upper-case text in
 *       alphanumeric mode (5.5 bits a character instead of 8), which gives a smaller code. {@link
 *       #parse(String)} accepts all upper case or all lower case, but not a mix (a mix is the mark
 *       of text edited by hand), and ignores white space around the ticket.
 *   <li>White space, dashes or any other character inside a ticket are rejected, not skipped: a
 *       line break in the middle usually means a paste was cut or joined wrongly, and one ticket
 *       should have one spelling.
 *   <li>A ticket is at most {@value #MAX_TEXT_LENGTH} characters. Longer text is rejected before it
 *       is decoded. {@link #of} refuses values whose ticket would be longer; only long host names
 *       and labels can get there. A ticket with one IPv4 address on network {@code main} and no
 *       label is 87 characters.
 * </ul>
 *
 * <h2>What the checksum catches</h2>
 *
 * <ul>
 *   <li>Any one, two or three characters replaced by others are always detected, at any ticket
 *       length up to the maximum: the checksum is a BCH code of length 1023 over 32 symbols with
 *       minimum distance 4, and replacements outside the alphabet, in the prefix or in the wrong
 *       case fail before the checksum is even computed. A last character replaced by white space
 *       counts as missing, since white space around a ticket is ignored.
 *   <li>Bech32 also guarantees detecting four wrong characters, but only in strings of at most 89
 *       characters; BIP-173 caps its strings at 90 for that reason. Tickets lift that cap (most are
 *       longer) and keep the guarantees above, which need only the 1023-character bound.
 *   <li>One wrong character is also located: {@link InvalidTicketException#position()} gives the
 *       only position where a single change would explain the mismatch.
 *   <li>Missing, extra or swapped characters, and more than three wrong ones, are detected except
 *       with a probability of about 1 in 2<sup>30</sup>, as with a 30-bit hash. Bech32m's constant
 *       avoids Bech32's weakness with characters inserted before a final {@code P}.
 * </ul>
 *
 * <h2>Payload, version 1</h2>
 *
 * <p>After the version character, the characters are the payload bytes regrouped 5 bits at a time,
 * most significant bit first, the last group padded with at most 4 zero bits (BIP-173's {@code
 * convertbits}). The bytes are:
 *
 * <table class="striped">
 *   <caption>Version 1 payload</caption>
 *   <thead>
 *     <tr><th scope="col">Field</th><th scope="col">Bytes</th><th scope="col">Contents</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>node id</td><td>32</td><td>{@link NodeId#toBytes()}, the Ed25519 public key</td></tr>
 *     <tr><td>network length</td><td>1</td><td>{@code n}, 1 to {@value NetworkId#MAX_LENGTH}</td>
 *     </tr>
 *     <tr><td>network</td><td>{@code n}</td><td>{@link NetworkId#name()} in ASCII</td></tr>
 *     <tr><td>address count</td><td>1</td><td>{@code c}, 1 to {@value #MAX_ADDRESSES}</td></tr>
 *     <tr><td>{@code c} times: type</td><td>1</td>
 *       <td>1 = IPv4, 2 = IPv6, 3 = host name</td></tr>
 *     <tr><td>&nbsp;&nbsp;address</td><td>4, 16 or 1 + {@code m}</td>
 *       <td>IPv4 or IPv6: {@link PeerAddress#ipBytes()} in network order; host name: its length
 *       {@code m} (1 to 253) then {@code m} ASCII bytes of {@link PeerAddress#host()}</td></tr>
 *     <tr><td>&nbsp;&nbsp;port</td><td>2</td><td>big-endian, 1 to 65535</td></tr>
 *     <tr><td>label</td><td>the rest</td>
 *       <td>the label in UTF-8; no bytes at all when there is no label</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>The label needs no length prefix because it is the last field: the character count fixes the
 * byte count (the padding rule makes that unambiguous), so a prefix would only cost a byte.
 *
 * <p>Reading is strict, so each ticket value has exactly one text and anything else fails: lengths
 * and counts in range, padding bits zero, bytes after the addresses only if they form a valid
 * label, the network valid for {@link NetworkId#of}, each address valid for {@link PeerAddress} and
 * in canonical form (an IPv4-mapped IPv6 address, an upper-case host name or an IP address written
 * as a host name are rejected), no address twice, the label valid UTF-8 and within the label rules
 * below. Each failure is an {@link InvalidTicketException} that names the field.
 *
 * <h2>Versions</h2>
 *
 * <p>The version character comes first so that a reader can tell a newer format from a damaged one:
 * this library writes and reads version {@value #VERSION} and rejects any other with a message
 * saying so ("ticket version 7 is not supported (this library reads version 1)"). A later version
 * may change everything after the version character but keeps the prefix, the character set and the
 * checksum.
 *
 * <h2>Values</h2>
 *
 * <ul>
 *   <li>Addresses: 1 to {@value #MAX_ADDRESSES}, in the order given (the order in which a dialler
 *       should try them), none twice. IPv4, IPv6 and host names are all allowed, including private
 *       and local ones, since pairing on a home network is a main use. Eight is enough for the
 *       usual mix (LAN and public IPv4, a few IPv6, a name) while keeping a ticket scannable.
 *   <li>Label: optional; surrounding white space is stripped, and then it is 1 to {@value
 *       #MAX_LABEL_LENGTH} code points with no control characters (the rules of {@link
 *       PeerEntry#label()}) and no unpaired surrogates, which UTF-8 cannot carry.
 * </ul>
 *
 * <p>Equality and hash code are those of the node id, network, address list (in order) and label,
 * which is the same as equality of {@link #encode()}.
 */
public final class PeerTicket {

  /** The format version this library writes and the only one it reads. */
  public static final int VERSION = 1;

  /**
   * Most addresses in one ticket. Eight covers a LAN and a public address of each family plus host
   * names; more would make tickets too long to scan comfortably.
   */
  public static final int MAX_ADDRESSES = 8;

  /** Longest label, in Unicode code points; the same limit as {@link PeerEntry#label()}. */
  public static final int MAX_LABEL_LENGTH = 64;

  /**
   * Longest ticket, in characters: the length of the checksum's code (1023 symbols), within which
   * any three wrong characters are detected.
   */
  public static final int MAX_TEXT_LENGTH = 1023;

  /** The start of every ticket as {@link #encode()} writes it. */
  public static final String PREFIX = "PEERAGE1";

  private static final String HRP = "peerage";

  private static final String CHARACTER_RULE =
      "a ticket has only the digits 0 and 2-9 and the letters A-Z except B, I and O after PEERAGE1";

  private final NodeId nodeId;
  private final NetworkId network;
  private final List<PeerAddress> addresses;
  private final String label;
  private final String text;

  private PeerTicket(TicketPayload payload, String text) {
    this.nodeId = payload.nodeId();
    this.network = payload.network();
    this.addresses = payload.addresses();
    this.label = payload.label().orElse(null);
    this.text = text;
  }

  /**
   * Makes a ticket from its values.
   *
   * @param nodeId the node to pair with
   * @param addresses where it listens, 1 to {@value #MAX_ADDRESSES} distinct addresses in the order
   *     to try them; copied
   * @param network the network it belongs to
   * @param label a name for the node to suggest to the other side, or empty; stripped of
   *     surrounding white space, then 1 to {@value #MAX_LABEL_LENGTH} code points without control
   *     characters
   * @return the ticket
   * @throws NullPointerException if an argument or an address is null
   * @throws IllegalArgumentException if there are no or too many addresses, an address appears
   *     twice, the label breaks its rules, or the ticket would be longer than {@value
   *     #MAX_TEXT_LENGTH} characters (possible only with long host names and labels); the message
   *     names the value
   */
  public static PeerTicket of(
      NodeId nodeId, List<PeerAddress> addresses, NetworkId network, Optional<String> label) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(addresses, "addresses");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(label, "label");
    List<PeerAddress> copy = new ArrayList<>(addresses.size());
    for (PeerAddress address : addresses) {
      if (address == null) {
        throw new NullPointerException("addresses[" + copy.size() + "] is null");
      }
      copy.add(address);
    }
    String problem = TicketPayload.addressesProblem(copy);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    Optional<String> stripped = label.map(String::strip);
    if (stripped.isPresent()) {
      String labelProblem = TicketPayload.labelProblem(stripped.get());
      if (labelProblem != null) {
        throw new IllegalArgumentException(
            "label " + QuotedInput.quote(label.get()) + " " + labelProblem);
      }
    }
    TicketPayload payload = new TicketPayload(nodeId, network, copy, stripped);
    String text = encode(payload);
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(
          "this ticket would be "
              + text.length()
              + " characters, more than the "
              + MAX_TEXT_LENGTH
              + " a ticket may have; use fewer or shorter host names or a shorter label");
    }
    return new PeerTicket(payload, text);
  }

  /**
   * Reads a ticket, as written by {@link #encode()} or in lower case, with optional white space
   * around it. See the class comment for the format and the rules.
   *
   * @param text the ticket text
   * @return the ticket
   * @throws InvalidTicketException for any text that is not a valid ticket, including null, empty
   *     and over-long text: a typo (checksum mismatch), a character outside the ticket alphabet,
   *     mixed case, another prefix, an unsupported version, or a value that breaks a rule. The
   *     message says what is wrong and where, if known, and quotes at most the first 80 characters
   *     of the ticket. No other exception is thrown for any string.
   */
  public static PeerTicket parse(String text) {
    if (text == null) {
      throw new InvalidTicketException("ticket is null; expected text starting with " + PREFIX);
    }
    int start = 0;
    int end = text.length();
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      throw new InvalidTicketException(
          "ticket is "
              + (text.isEmpty() ? "empty" : "blank")
              + "; expected text starting with "
              + PREFIX);
    }
    if (end - start > MAX_TEXT_LENGTH) {
      throw new InvalidTicketException(
          "ticket is "
              + (end - start)
              + " characters, longer than any ticket (at most "
              + MAX_TEXT_LENGTH
              + "); ticket "
              + QuotedInput.quote(text.substring(start, start + QuotedInput.MAX_CHARS + 1)));
    }
    String ticket = text.substring(start, end);
    try {
      return decode(ticket);
    } catch (InvalidTicketException e) {
      String message = e.getMessage() + "; ticket " + QuotedInput.quote(ticket);
      InvalidTicketException quoted =
          e.position().isPresent()
              ? new InvalidTicketException(message, e.position().getAsInt())
              : new InvalidTicketException(message);
      // Keep the rejecting library exception (a bad network name, say), not the unquoted copy.
      if (e.getCause() != null) {
        quoted.initCause(e.getCause());
      }
      throw quoted;
    }
  }

  private static PeerTicket decode(String ticket) {
    checkPrefix(ticket);
    checkCharacters(ticket);
    Bech32m.Decoded decoded;
    try {
      decoded = Bech32m.decode(ticket, MAX_TEXT_LENGTH);
    } catch (Bech32m.DecodingException e) {
      throw decodingProblem(e, ticket);
    }
    if (!decoded.hrp().equals(HRP)) {
      // Unreachable after checkPrefix and checkCharacters; kept so the check never depends on them.
      throw new InvalidTicketException("not a Peerage ticket: it does not start with " + PREFIX);
    }
    byte[] data = decoded.data();
    if (data.length == 0) {
      throw new InvalidTicketException("ticket holds no data, not even a version");
    }
    if (data[0] != VERSION) {
      throw new InvalidTicketException(
          "ticket version "
              + data[0]
              + " is not supported (this library reads version "
              + VERSION
              + ")");
    }
    byte[] bytes;
    try {
      bytes = Bech32m.fromFiveBitGroups(data, 1);
    } catch (Bech32m.DecodingException e) {
      throw new InvalidTicketException(
          "ticket data does not end on a byte boundary as an encoder writes it: " + e.getMessage());
    }
    TicketPayload payload = TicketPayload.fromBytes(bytes);
    PeerTicket result = new PeerTicket(payload, encode(payload));
    // Strict reading should make this impossible; checked so that no second spelling can slip in.
    if (!result.text.equals(ticket.toUpperCase(Locale.ROOT))) {
      throw new InvalidTicketException("ticket is not in canonical form");
    }
    return result;
  }

  private static void checkPrefix(String ticket) {
    int matching = 0;
    while (matching < PREFIX.length()
        && matching < ticket.length()
        && upperAscii(ticket.charAt(matching)) == PREFIX.charAt(matching)) {
      matching++;
    }
    if (matching == PREFIX.length()) {
      return;
    }
    if (matching == 0) {
      throw new InvalidTicketException("not a Peerage ticket: a ticket starts with " + PREFIX, 1);
    }
    if (matching == ticket.length()) {
      throw new InvalidTicketException(
          "not a Peerage ticket: it ends after "
              + matching
              + " characters, inside the prefix "
              + PREFIX);
    }
    throw new InvalidTicketException(
        "not a Peerage ticket: a ticket starts with "
            + PREFIX
            + ", but position "
            + (matching + 1)
            + " is "
            + QuotedInput.describe(ticket.charAt(matching)),
        matching + 1);
  }

  private static void checkCharacters(String ticket) {
    boolean upper = ticket.charAt(0) >= 'A' && ticket.charAt(0) <= 'Z';
    for (int i = 0; i < ticket.length(); i++) {
      char c = ticket.charAt(i);
      int position = i + 1;
      if (i >= PREFIX.length() && Bech32m.valueOf(c) < 0) {
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
          throw new InvalidTicketException(
              "white space at position "
                  + position
                  + ": a ticket is one word without spaces or line breaks; remove them",
              position);
        }
        throw new InvalidTicketException(
            QuotedInput.describe(c)
                + " at position "
                + position
                + " is not a ticket character"
                + lookAlikeHint(c)
                + "; "
                + CHARACTER_RULE,
            position);
      }
      boolean isUpper = c >= 'A' && c <= 'Z';
      boolean isLower = c >= 'a' && c <= 'z';
      if ((upper && isLower) || (!upper && isUpper)) {
        throw new InvalidTicketException(
            "mixed case at position " + position + ": a ticket is all upper case or all lower case",
            position);
      }
    }
  }

  /** Suggests the ticket character a person most likely misread, for the excluded look-alikes. */
  private static String lookAlikeHint(char c) {
    return switch (c) {
      case 'O', 'o' -> " (did you mean the digit 0?)";
      case 'I', 'i', '1' -> " (did you mean the letter L?)";
      case 'B', 'b' -> " (did you mean the digit 8?)";
      default -> "";
    };
  }

  private static InvalidTicketException decodingProblem(
      Bech32m.DecodingException e, String ticket) {
    int position = e.index() + 1;
    return switch (e.problem()) {
      case CHECKSUM_MISMATCH ->
          position > 0
              ? new InvalidTicketException(
                  "checksum mismatch: the ticket has a typo (check the characters near position "
                      + position
                      + ")",
                  position)
              : new InvalidTicketException(
                  "checksum mismatch: the ticket has typos, or characters are missing or extra");
      case TOO_SHORT ->
          new InvalidTicketException(
              "ticket is too short: " + ticket.length() + " characters, cut before its checksum");
      default -> new InvalidTicketException("not a valid ticket: " + e.getMessage());
    };
  }

  private static char upperAscii(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
  }

  private static String encode(TicketPayload payload) {
    byte[] groups = Bech32m.toFiveBitGroups(payload.toBytes());
    byte[] data = new byte[groups.length + 1];
    data[0] = VERSION;
    System.arraycopy(groups, 0, data, 1, groups.length);
    return Bech32m.encode(HRP, data).toUpperCase(Locale.ROOT);
  }

  /**
   * Returns the ticket text: {@value #PREFIX}, then upper-case characters of the ticket alphabet,
   * at most {@value #MAX_TEXT_LENGTH} characters in all. {@link #parse(String)} reads it back to an
   * equal ticket, and equal tickets have equal texts.
   *
   * @return the canonical text, suitable for a QR code in alphanumeric mode
   */
  public String encode() {
    return text;
  }

  /**
   * Returns the node to pair with.
   *
   * @return the node id
   */
  public NodeId nodeId() {
    return nodeId;
  }

  /**
   * Returns where the node listens, in the order to try them.
   *
   * @return an unmodifiable list of 1 to {@value #MAX_ADDRESSES} distinct addresses
   */
  public List<PeerAddress> addresses() {
    return addresses;
  }

  /**
   * Returns the network the node belongs to.
   *
   * @return the network
   */
  public NetworkId network() {
    return network;
  }

  /**
   * Returns the name the node suggests for itself.
   *
   * @return the label, 1 to {@value #MAX_LABEL_LENGTH} code points without surrounding white space
   *     or control characters; or empty
   */
  public Optional<String> label() {
    return Optional.ofNullable(label);
  }

  /**
   * Returns the format version of the ticket text.
   *
   * @return {@value #VERSION}, the only version this library reads and writes
   */
  public int version() {
    return VERSION;
  }

  /**
   * Returns whether {@code o} is a ticket with the same node id, network, addresses (in the same
   * order) and label.
   *
   * @param o the object to compare with
   * @return whether the tickets are equal
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof PeerTicket other
        && nodeId.equals(other.nodeId)
        && network.equals(other.network)
        && addresses.equals(other.addresses)
        && Objects.equals(label, other.label);
  }

  /**
   * Returns a hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(nodeId, network, addresses, label);
  }

  /**
   * Returns a short summary for logs, without the label, for example {@code
   * PeerTicket[node=1a2b3c4d, network=main, addresses=2]}. Use {@link #encode()} for the ticket
   * itself.
   *
   * @return the summary
   */
  @Override
  public String toString() {
    return "PeerTicket[node="
        + nodeId.shortString()
        + ", network="
        + network
        + ", addresses="
        + addresses.size()
        + "]";
  }
}
