package dev.peerage.store.json.internal;

/**
 * A store file is not damaged but this code must not use it: it is larger than the configured
 * limit, or a newer Peerage wrote it. The file is left exactly as it is.
 */
public final class RefusedFileException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why the file is refused and what the operator can do
   */
  public RefusedFileException(String message) {
    super(message);
  }
}
