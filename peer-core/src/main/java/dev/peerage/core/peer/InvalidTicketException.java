package dev.peerage.core.peer;

import java.util.OptionalInt;

/**
 * Thrown by {@link PeerTicket#parse(String)} when text is not a valid pairing ticket: mistyped,
 * truncated, of another format or version, or carrying a value that breaks a rule. The message says
 * what is wrong and, where it can tell, where; it quotes at most the first 80 characters of the
 * input. {@link #position()} gives the position to a program, for example so a user interface can
 * mark the character.
 */
public final class InvalidTicketException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** 1-based position, or 0 when unknown; an int because OptionalInt is not serializable. */
  private final int position;

  /**
   * Creates the exception without a position.
   *
   * @param message what was wrong
   */
  public InvalidTicketException(String message) {
    super(message);
    this.position = 0;
  }

  /**
   * Creates the exception with the position of the character at fault.
   *
   * @param message what was wrong, including the position in words
   * @param position the 1-based position of the character at fault, counted from the first
   *     character of the ticket after any leading white space
   * @throws IllegalArgumentException if {@code position} is less than 1
   */
  public InvalidTicketException(String message, int position) {
    super(message);
    if (position < 1) {
      throw new IllegalArgumentException("position " + position + " is not 1 or more");
    }
    this.position = position;
  }

  /**
   * Returns where the problem is, when it is known: the 1-based position of the character at fault,
   * counted from the first character of the ticket after any leading white space. For a checksum
   * mismatch this is the only character whose change alone would explain the mismatch; the real
   * mistake may still be elsewhere if several characters are wrong, missing or extra.
   *
   * @return the position, or empty if the problem is not tied to one character
   */
  public OptionalInt position() {
    return position == 0 ? OptionalInt.empty() : OptionalInt.of(position);
  }
}
