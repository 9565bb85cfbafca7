package dev.peerage.core.address;

/**
 * Thrown when text is not a node id in its stable text form (64 hexadecimal digits). The message
 * quotes the input (cut to a bounded length) and says what was expected.
 */
public final class InvalidNodeIdException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, quoting the input
   */
  public InvalidNodeIdException(String message) {
    super(message);
  }
}
