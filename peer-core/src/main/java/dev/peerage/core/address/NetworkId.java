package dev.peerage.core.address;

import dev.peerage.core.internal.QuotedInput;

/**
 * The name of a peer-to-peer network, such as {@code main}, {@code testnet} or {@code regtest}.
 * Peers of different networks never mix: every managed peer and address belongs to one. Hosts
 * define their own names; the three constants are conventions, not a closed list. Immutable value.
 *
 * <p>A name is 1 to {@value #MAX_LENGTH} characters from {@code a-z}, {@code 0-9}, {@code -},
 * {@code _} and {@code .}; it starts with a letter and ends with a letter or digit. Upper case is
 * rejected rather than folded, so a name is stored exactly as written. These rules keep a name safe
 * in file names, metric labels and log lines.
 *
 * <p>Equality, hash code and ordering are those of the name.
 */
public final class NetworkId implements Comparable<NetworkId> {
  /** Longest allowed name, in characters. */
  public static final int MAX_LENGTH = 32;

  /** The production network, {@code main}. */
  public static final NetworkId MAIN = new NetworkId("main");

  /** The public test network, {@code testnet}. */
  public static final NetworkId TESTNET = new NetworkId("testnet");

  /** A local regression-test network, {@code regtest}. */
  public static final NetworkId REGTEST = new NetworkId("regtest");

  private static final String RULE =
      "expected 1 to "
          + MAX_LENGTH
          + " characters of a-z, 0-9, '-', '_', '.',"
          + " starting with a letter and ending with a letter or digit";

  private final String name;

  private NetworkId(String name) {
    this.name = name;
  }

  /**
   * Returns the network with this name.
   *
   * @param name the name, see the class documentation for the rules
   * @return the network id; the constant for {@code main}, {@code testnet} and {@code regtest}
   * @throws InvalidNetworkIdException if {@code name} is null or breaks a rule; the message quotes
   *     it and states the rules
   */
  public static NetworkId of(String name) {
    if (name == null) {
      throw new InvalidNetworkIdException("network id is null; " + RULE);
    }
    String problem = problemWith(name);
    if (problem != null) {
      throw new InvalidNetworkIdException(
          "network id " + QuotedInput.quote(name) + " " + problem + "; " + RULE);
    }
    return switch (name) {
      case "main" -> MAIN;
      case "testnet" -> TESTNET;
      case "regtest" -> REGTEST;
      default -> new NetworkId(name);
    };
  }

  private static String problemWith(String name) {
    if (name.isEmpty()) {
      return "is empty";
    }
    if (name.length() > MAX_LENGTH) {
      return "is " + name.length() + " characters";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return "has an upper-case letter at index " + i + " (names are lower case)";
      }
      if (!isLetter(c) && !isDigit(c) && c != '-' && c != '_' && c != '.') {
        return "has a disallowed character at index " + i;
      }
    }
    if (!isLetter(name.charAt(0))) {
      return "does not start with a letter";
    }
    char last = name.charAt(name.length() - 1);
    if (!isLetter(last) && !isDigit(last)) {
      return "does not end with a letter or digit";
    }
    return null;
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Returns the name.
   *
   * @return the name, as given to {@link #of(String)}
   */
  public String name() {
    return name;
  }

  /** Orders by name. */
  @Override
  public int compareTo(NetworkId other) {
    return name.compareTo(other.name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkId other && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /**
   * Returns the name.
   *
   * @return the name
   */
  @Override
  public String toString() {
    return name;
  }
}
