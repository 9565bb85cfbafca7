package dev.peerage.store.json.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream to a file that can be forced to stable storage. {@link #close()} does not sync:
 * callers sync first, so that a failed sync is reported as such.
 */
public abstract class SyncableOutputStream extends OutputStream {
  /** For subclasses. */
  protected SyncableOutputStream() {}

  /**
   * Forces everything written so far, data and metadata, to the storage device ({@code fsync}).
   *
   * @throws IOException if the device reports a failure
   */
  public abstract void sync() throws IOException;
}
