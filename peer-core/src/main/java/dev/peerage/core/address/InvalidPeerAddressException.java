package dev.peerage.core.address;

import dev.peerage.core.internal.QuotedInput;

/**
 * Thrown for every malformed peer address, port, network prefix or subnet.
 *
 * <p>The message says what is wrong and, when the problem came from text, quotes that text, for
 * example {@code port 70000 is out of range 1-65535 in '1.2.3.4:70000'}. Quoted text is cut after
 * 100 characters and control or whitespace characters in it are escaped (as {@code \t}, {@code \n}
 * or {@code \}{@code uXXXX}), so a message always fits on one line of a log.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class InvalidPeerAddressException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The offending text exactly as given, or {@code null} when the problem was not text. */
  private final String input;

  /**
   * Creates an exception with a complete message and no recorded input.
   *
   * @param message what is wrong, ideally quoting the bad value
   */
  public InvalidPeerAddressException(String message) {
    super(message);
    this.input = null;
  }

  /**
   * Creates an exception for a problem found in {@code input}. The message becomes {@code problem}
   * followed by {@code " in '"}, the quoted input and {@code "'"}.
   *
   * @param problem what is wrong, for example {@code "port 70000 is out of range 1-65535"}
   * @param input the offending text exactly as given; kept whole and returned by {@link #input()}
   */
  public InvalidPeerAddressException(String problem, String input) {
    super(problem + " in " + QuotedInput.quote(input));
    this.input = input;
  }

  /**
   * Returns the offending text exactly as it was given (not cut, not escaped), or {@code null} if
   * this exception was created without one, for example for a bad port number passed as an
   * {@code int}.
   *
   * @return the offending text, or {@code null}
   */
  public String input() {
    return input;
  }
}
