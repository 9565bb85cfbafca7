package dev.peerage.store.json.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The permissions of what the store creates. The snapshot holds the address book's secret key and
 * the key file the node's private key, so on file systems with POSIX permissions every file the
 * store creates (snapshot, backup, key file, lock file and every temporary) is readable and
 * writable by its owner only, {@code rw-------}, and a store directory it creates is {@code
 * rwx------}. The permissions are given to the call that creates the file, so no other user can
 * open it at any instant; the process's umask can only remove more. Elsewhere (Windows, FAT) files
 * get the file system's defaults. Existing files and directories are never changed. Stateless and
 * thread-safe.
 */
public final class StorePermissions {
  private static final Set<PosixFilePermission> FILE =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> DIRECTORY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private StorePermissions() {}

  /**
   * Returns the attributes to create a store file with.
   *
   * @param file the file about to be created
   * @return owner-only permissions where the file system has POSIX permissions, else nothing
   */
  public static FileAttribute<?>[] forFile(Path file) {
    return posix(file)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }

  /**
   * Creates the store directory if it does not exist: owner-only where the file system has POSIX
   * permissions. Missing parent directories are created with the file system's defaults, since they
   * are the host's, not the store's. An existing directory is left exactly as it is.
   *
   * @param directory the store directory
   * @throws IOException if it cannot be created, or exists and is not a directory
   */
  public static void createDirectory(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    Path parent = directory.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FileAttribute<?>[] attributes =
        posix(directory)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)}
            : new FileAttribute<?>[0];
    try {
      Files.createDirectory(directory, attributes);
    } catch (FileAlreadyExistsException e) {
      // Created meanwhile by someone else: fine if it is a directory, and then it is theirs.
      if (!Files.isDirectory(directory)) {
        throw e;
      }
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
