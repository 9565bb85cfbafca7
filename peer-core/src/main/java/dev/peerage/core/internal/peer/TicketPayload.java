package dev.peerage.core.internal.peer;

import dev.peerage.core.address.InvalidNetworkIdException;
import dev.peerage.core.address.InvalidPeerAddressException;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.QuotedInput;
import dev.peerage.core.internal.QuotedInput;
import dev.peerage.core.peer.InvalidTicketException;
import dev.peerage.core.peer.PeerTicket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The binary payload of a version 1 {@link PeerTicket}, and the value rules it shares with {@link
 * PeerTicket#of}. The layout is documented on {@link PeerTicket}; reading is strict, so every valid
 * payload has exactly one byte string and every other byte string is an {@link
 * InvalidTicketException} naming the field at fault.
 *
 * @param nodeId the node id
 * @param network the network
 * @param addresses the addresses, in order; unmodifiable
 * @param label the label, if any, already checked by {@link #labelProblem(String)}
 */
public record TicketPayload(
    NodeId nodeId, NetworkId network, List<PeerAddress> addresses, Optional<String> label) {

  /** Type byte of an IPv4 address: 4 address bytes follow. */
  static final int TYPE_IPV4 = 1;

  /** Type byte of an IPv6 address: 16 address bytes follow. */
  static final int TYPE_IPV6 = 2;

  /** Type byte of a host name: a length byte and that many ASCII bytes follow. */
  static final int TYPE_HOST_NAME = 3;

  /** Longest host name PeerAddress accepts, in characters (RFC 1123). */
  static final int MAX_HOST_NAME_LENGTH = 253;

  /**
   * Checks that the components are present and copies the address list.
   *
   * @param nodeId the node id
   * @param network the network
   * @param addresses the addresses
   * @param label the label
   */
  public TicketPayload {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(network, "network");
    addresses = List.copyOf(addresses);
    Objects.requireNonNull(label, "label");
  }

  /**
   * Writes the payload bytes.
   *
   * @return the bytes, laid out as {@link PeerTicket} documents
   */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.writeBytes(nodeId.toBytes());
    byte[] networkName = network.name().getBytes(StandardCharsets.US_ASCII);
    out.write(networkName.length);
    out.writeBytes(networkName);
    out.write(addresses.size());
    for (PeerAddress address : addresses) {
      switch (address.type()) {
        case IPV4 -> {
          out.write(TYPE_IPV4);
          out.writeBytes(address.ipBytes());
        }
        case IPV6 -> {
          out.write(TYPE_IPV6);
          out.writeBytes(address.ipBytes());
        }
        case HOST_NAME -> {
          byte[] name = address.host().getBytes(StandardCharsets.US_ASCII);
          out.write(TYPE_HOST_NAME);
          out.write(name.length);
          out.writeBytes(name);
        }
      }
      out.write(address.port() >>> 8);
      out.write(address.port());
    }
    label.ifPresent(text -> out.writeBytes(text.getBytes(StandardCharsets.UTF_8)));
    return out.toByteArray();
  }

  /**
   * Reads payload bytes strictly: every length in bounds, every value valid and in canonical form,
   * nothing left over.
   *
   * @param bytes the payload
   * @return the payload's values
   * @throws InvalidTicketException naming the field at fault, if the bytes are not a valid payload
   */
  public static TicketPayload fromBytes(byte[] bytes) {
    Reader in = new Reader(bytes);
    NodeId nodeId = NodeId.of(in.take(NodeId.LENGTH, "the node id"));
    NetworkId network = readNetwork(in);
    int count = in.unsignedByte("the address count");
    if (count < 1 || count > PeerTicket.MAX_ADDRESSES) {
      throw new InvalidTicketException(
          "address count " + count + " is out of range; expected 1 to " + PeerTicket.MAX_ADDRESSES);
    }
    List<PeerAddress> addresses = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      PeerAddress address = readAddress(in, "address " + i + " of " + count);
      int earlier = addresses.indexOf(address);
      if (earlier >= 0) {
        throw new InvalidTicketException(
            "address "
                + i
                + " of "
                + count
                + " ("
                + address
                + ") repeats address "
                + (earlier + 1));
      }
      addresses.add(address);
    }
    Optional<String> label = readLabel(in.rest());
    return new TicketPayload(nodeId, network, addresses, label);
  }

  /**
   * Checks a label, already stripped of surrounding white space, against the ticket rules.
   *
   * @param label the label
   * @return what is wrong, as a phrase to follow the quoted label, or null if it is valid
   */
  public static String labelProblem(String label) {
    if (label.isEmpty()) {
      return "is blank; give visible text, or no label";
    }
    int codePoints = label.codePointCount(0, label.length());
    if (codePoints > PeerTicket.MAX_LABEL_LENGTH) {
      return "is "
          + codePoints
          + " characters (code points), at most "
          + PeerTicket.MAX_LABEL_LENGTH
          + " allowed";
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (Character.isISOControl(c)) {
        return "has the control character " + QuotedInput.describe(c) + " at index " + i;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < label.length()
          && Character.isLowSurrogate(label.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "has an unpaired surrogate " + QuotedInput.describe(c) + " at index " + i;
      }
    }
    return null;
  }

  /**
   * Checks an address list against the ticket rules: 1 to {@link PeerTicket#MAX_ADDRESSES} entries,
   * none twice. Null entries are the caller's to reject first.
   *
   * @param addresses the list
   * @return what is wrong, as a sentence, or null if the list is valid
   */
  public static String addressesProblem(List<PeerAddress> addresses) {
    if (addresses.isEmpty() || addresses.size() > PeerTicket.MAX_ADDRESSES) {
      return "a ticket has 1 to "
          + PeerTicket.MAX_ADDRESSES
          + " addresses, got "
          + addresses.size();
    }
    for (int i = 1; i < addresses.size(); i++) {
      int first = addresses.indexOf(addresses.get(i));
      if (first < i) {
        return "addresses holds "
            + addresses.get(i)
            + " twice, at index "
            + first
            + " and "
            + i
            + "; each address may appear once";
      }
    }
    return null;
  }

  private static NetworkId readNetwork(Reader in) {
    int length = in.unsignedByte("the network name length");
    if (length < 1 || length > NetworkId.MAX_LENGTH) {
      throw new InvalidTicketException(
          "network name length "
              + length
              + " is out of range; expected 1 to "
              + NetworkId.MAX_LENGTH);
    }
    // ISO-8859-1 maps each byte to one char, so NetworkId sees and rejects any non-ASCII byte.
    String name = new String(in.take(length, "the network name"), StandardCharsets.ISO_8859_1);
    try {
      return NetworkId.of(name);
    } catch (InvalidNetworkIdException e) {
      throw withCause(new InvalidTicketException("network name is invalid: " + e.getMessage()), e);
    }
  }

  private static PeerAddress readAddress(Reader in, String field) {
    int type = in.unsignedByte("the type of " + field);
    return switch (type) {
      case TYPE_IPV4 -> readIp(in, field, 4);
      case TYPE_IPV6 -> readIp(in, field, 16);
      case TYPE_HOST_NAME -> readHostName(in, field);
      default ->
          throw new InvalidTicketException(
              field
                  + " has the unknown type "
                  + type
                  + "; expected "
                  + TYPE_IPV4
                  + " (IPv4), "
                  + TYPE_IPV6
                  + " (IPv6) or "
                  + TYPE_HOST_NAME
                  + " (host name)");
    };
  }

  private static PeerAddress readIp(Reader in, String field, int length) {
    byte[] ip = in.take(length, "the IP address of " + field);
    PeerAddress address = PeerAddress.ofIp(ip, readPort(in, field));
    if (length == 16 && address.isIpv4()) {
      throw new InvalidTicketException(
          field
              + " is the IPv4-mapped IPv6 address ::ffff:"
              + address.host()
              + "; a ticket stores it as IPv4");
    }
    return address;
  }

  private static PeerAddress readHostName(Reader in, String field) {
    int length = in.unsignedByte("the host name length of " + field);
    if (length < 1 || length > MAX_HOST_NAME_LENGTH) {
      throw new InvalidTicketException(
          field
              + " has a host name length of "
              + length
              + "; expected 1 to "
              + MAX_HOST_NAME_LENGTH);
    }
    String name =
        new String(in.take(length, "the host name of " + field), StandardCharsets.ISO_8859_1);
    int port = readPort(in, field);
    PeerAddress address;
    try {
      address = PeerAddress.parse(name + ":" + port);
    } catch (InvalidPeerAddressException e) {
      throw withCause(
          new InvalidTicketException(field + " has an invalid host name: " + e.getMessage()), e);
    }
    // Only the canonical spelling of a name is allowed, so one ticket has one text.
    if (!address.isHostName() || !address.host().equals(name)) {
      throw new InvalidTicketException(
          field
              + " has the host name "
              + QuotedInput.quote(name)
              + ", which is not a host name in canonical form (lower case, no trailing dot,"
              + " IP addresses stored as IP)");
    }
    return address;
  }

  private static int readPort(Reader in, String field) {
    int port =
        (in.unsignedByte("the port of " + field) << 8) | in.unsignedByte("the port of " + field);
    if (port == 0) {
      throw new InvalidTicketException(field + " has port 0; expected 1 to 65535");
    }
    return port;
  }

  private static Optional<String> readLabel(byte[] bytes) {
    if (bytes.length == 0) {
      return Optional.empty();
    }
    String label;
    try {
      label =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw withCause(
          new InvalidTicketException("label is not valid UTF-8 (" + bytes.length + " bytes)"), e);
    }
    if (!label.equals(label.strip())) {
      throw new InvalidTicketException(
          "label " + QuotedInput.quote(label) + " has white space at its start or end");
    }
    String problem = labelProblem(label);
    if (problem != null) {
      throw new InvalidTicketException("label " + QuotedInput.quote(label) + " " + problem);
    }
    return Optional.of(label);
  }

  private static InvalidTicketException withCause(InvalidTicketException e, Exception cause) {
    e.initCause(cause);
    return e;
  }

  /** Reads fields from the payload, failing with the name of the field that runs past the end. */
  private static final class Reader {
    private final byte[] bytes;
    private int position;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int unsignedByte(String field) {
      return take(1, field)[0] & 0xFF;
    }

    byte[] take(int length, String field) {
      int left = bytes.length - position;
      if (length > left) {
        throw new InvalidTicketException(
            "ticket data ends inside "
                + field
                + " ("
                + length
                + " bytes needed, "
                + left
                + " left)");
      }
      byte[] out = new byte[length];
      System.arraycopy(bytes, position, out, 0, length);
      position += length;
      return out;
    }

    byte[] rest() {
      return take(bytes.length - position, "the label");
    }
  }
}
