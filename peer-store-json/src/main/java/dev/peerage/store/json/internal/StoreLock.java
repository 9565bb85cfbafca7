package dev.peerage.store.json.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;

/**
 * The exclusive lock that keeps a second store, in this or another process, off a directory: an
 * operating-system lock ({@link FileChannel#tryLock()}) on {@code peers.lock}, held as long as the
 * channel is open. The operating system releases it when the process dies, however it dies, so a
 * crash never leaves a stale lock behind. The file holds the owner's process id, for the error
 * message a second opener gets; it is never deleted (deleting a lock file races with openers).
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class StoreLock implements AutoCloseable {
  private static final int MAX_PID_TEXT = 32;

  private final FileChannel channel;

  private StoreLock(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Takes the lock.
   *
   * @param lockFile the lock file, created if missing
   * @return the held lock
   * @throws IOException if the lock is held elsewhere (the message names the holder's process id
   *     when it can) or the file cannot be created or opened
   */
  public static StoreLock acquire(Path lockFile) throws IOException {
    FileChannel channel;
    try {
      // Created owner-only, like every store file; an existing lock file is opened as it is.
      channel =
          FileChannel.open(
              lockFile,
              EnumSet.of(
                  StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
              StorePermissions.forFile(lockFile));
    } catch (IOException e) {
      throw new IOException(
          "cannot create or open the lock file " + lockFile + ": " + SaveStepException.describe(e),
          e);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        throw new IOException(
            "another JsonPeerStore in this process (pid "
                + ProcessHandle.current().pid()
                + ") already has "
                + lockFile.getParent()
                + " open; close it first");
      }
      if (lock == null) {
        throw new IOException(
            "another process"
                + holder(channel)
                + " is using "
                + lockFile.getParent()
                + " (it holds the lock on "
                + lockFile
                + "); only one process may open a store directory at a time");
      }
      // Fixed width and no truncation: truncating and rewriting a file makes ext4 flush it on
      // close (auto_da_alloc), which would make every open wait for the disk.
      String pid = String.format("%-" + (MAX_PID_TEXT - 1) + "d", ProcessHandle.current().pid());
      channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      return new StoreLock(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(MAX_PID_TEXT);
      channel.read(buffer, 0);
      String text =
          new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
      return text.matches("[0-9]{1,20}") ? " (pid " + text + ")" : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Releases the lock; idempotent. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing to do: a closed channel's lock is released, and the process's exit releases it
      // in any case.
    }
  }
}
