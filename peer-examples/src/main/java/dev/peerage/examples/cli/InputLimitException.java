package dev.peerage.examples.cli;

/**
 * Input passed one of the command line's size limits (bytes, lines, characters per line). The
 * message names the input and the limit. It is bad input: the command exits with {@link
 * ExitCodes#BAD_INPUT} and changes nothing.
 */
final class InputLimitException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was too large, and the limit
   */
  InputLimitException(String message) {
    super(message);
  }
}
