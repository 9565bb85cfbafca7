package dev.peerage.store.json.internal;

/**
 * A value in a stored document has the wrong type, is out of range or is missing. Thrown while
 * reading one entry or section; the reader drops that entry or section and goes on.
 */
public final class InvalidValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the member and quoting the value
   */
  public InvalidValueException(String message) {
    super(message);
  }
}
