package dev.peerage.store.json.internal;

/**
 * A stored document cannot be used at all: it does not parse, fails its checksum, is not a store
 * document, or breaks the structure in a way no single entry can be blamed for. The store sets such
 * a file aside and falls back to its backup.
 */
public final class CorruptDocumentException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   */
  public CorruptDocumentException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong
   * @param cause the parser's failure
   */
  public CorruptDocumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
