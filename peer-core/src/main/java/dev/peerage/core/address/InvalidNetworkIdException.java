package dev.peerage.core.address;

/**
 * Thrown when a name is not a valid {@link NetworkId}. The message quotes the name (cut to a
 * bounded length) and states the rule it breaks.
 */
public final class InvalidNetworkIdException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, quoting the input
   */
  public InvalidNetworkIdException(String message) {
    super(message);
  }
}
