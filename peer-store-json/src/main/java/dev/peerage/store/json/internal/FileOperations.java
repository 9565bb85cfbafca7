package dev.peerage.store.json.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The file system steps a durable save is made of, one method each, so that tests can make any step
 * fail (disk full after some bytes, a refused rename, a failing sync) and check that the previous
 * save survives; and the read of the private key file, so that tests can make it fail the way a
 * file the node may not read does. {@link NioFileOperations} is the real implementation.
 */
public interface FileOperations {
  /**
   * Creates a new file for writing; fails if it exists. Where the file system has POSIX
   * permissions, the file is created readable and writable by its owner only (see {@link
   * StorePermissions}): every file the store writes holds a secret or names the node's peers.
   *
   * @param file the file
   * @return the stream; the caller syncs and closes it
   * @throws IOException if the file cannot be created
   */
  SyncableOutputStream create(Path file) throws IOException;

  /**
   * Renames {@code source} to {@code target} atomically, replacing {@code target} if it exists.
   *
   * @param source the existing file
   * @param target the new name, in the same directory
   * @throws IOException if the rename fails; both names are then as they were
   */
  void moveAtomically(Path source, Path target) throws IOException;

  /**
   * Makes {@code link} a new name (hard link) for {@code existing}.
   *
   * @param link the new name, which must not exist
   * @param existing the existing file
   * @throws IOException if the link cannot be made
   * @throws UnsupportedOperationException if the file system has no hard links
   */
  void createLink(Path link, Path existing) throws IOException;

  /**
   * Forces the directory's entries (the names created and renamed in it) to the storage device.
   * Does nothing on platforms that cannot open a directory for this (Windows).
   *
   * @param directory the directory
   * @throws IOException if the device reports a failure
   */
  void syncDirectory(Path directory) throws IOException;

  /**
   * Deletes a file if it exists.
   *
   * @param file the file
   * @throws IOException if it exists and cannot be deleted
   */
  void deleteIfExists(Path file) throws IOException;

  /**
   * Opens a file for reading. The store reads its private key files through this step.
   *
   * @param file the file
   * @return the stream; the caller closes it
   * @throws IOException if the file cannot be opened (missing, permission denied, a device error)
   */
  InputStream openForReading(Path file) throws IOException;
}
