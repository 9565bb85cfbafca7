package dev.peerage.store.json.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One step of a durable save failed. The message says which step, on which file, and what the file
 * system said, for example {@code "writing /var/lib/node/peers.json.tmp failed: No space left on
 * device"}.
 */
public final class SaveStepException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param step what was being done, as a gerund phrase ({@code "writing"})
   * @param file the file it was done to
   * @param cause what the file system reported
   */
  public SaveStepException(String step, Path file, Throwable cause) {
    super(step + " " + file + " failed: " + describe(cause), cause);
  }

  /**
   * Describes a file system failure in a few words: the exception's kind and message.
   *
   * @param failure the failure
   * @return for example {@code "AccessDeniedException: /a/b"}
   */
  public static String describe(Throwable failure) {
    String message = failure.getMessage();
    String kind = failure.getClass().getSimpleName();
    return message == null ? kind : kind + ": " + message;
  }
}
