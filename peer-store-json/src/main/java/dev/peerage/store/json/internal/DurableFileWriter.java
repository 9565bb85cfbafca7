package dev.peerage.store.json.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Replaces a file so that a crash at any instant leaves either the old or the new file under its
 * name, never a mix, and a completed replacement survives a power cut:
 *
 * <ol>
 *   <li>write {@code <name>.tmp} in the same directory, flush it and {@code fsync} it;
 *   <li>if asked, make {@code <backup>} a second name of the old file (a hard link, or a synced
 *       copy where the file system has no hard links), through {@code <backup>.tmp} and an atomic
 *       rename, so the backup too is always whole;
 *   <li>rename the temporary file over the target, atomically;
 *   <li>{@code fsync} the directory, so the renames themselves are durable.
 * </ol>
 *
 * <p>Every file it creates, through {@link FileOperations#create}, is owner-only where the file
 * system has POSIX permissions; a hard-linked backup is the old target itself, with its
 * permissions.
 *
 * <p>If a step fails, the temporary file is removed (where possible) and the target is untouched.
 * Not thread-safe: the caller holds the store's lock and saves one file at a time.
 */
public final class DurableFileWriter {
  private static final int BUFFER_SIZE = 1 << 16;

  /** Writes a file's bytes. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the whole content.
     *
     * @param out the (buffered) stream; do not close it
     * @throws IOException if writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private final FileOperations ops;

  /**
   * Creates a writer.
   *
   * @param ops the file system steps
   */
  public DurableFileWriter(FileOperations ops) {
    this.ops = ops;
  }

  /**
   * Returns the name of the temporary file used to replace {@code target}.
   *
   * @param target the target
   * @return {@code <target>.tmp}
   */
  public static Path temporaryFor(Path target) {
    return target.resolveSibling(target.getFileName() + ".tmp");
  }

  /**
   * Replaces {@code target} with the bytes {@code body} writes.
   *
   * @param target the file to replace or create
   * @param backup where to keep the old target, or null to keep nothing; ignored if there is no old
   *     target
   * @param body writes the new content
   * @throws SaveStepException naming the step that failed; the target is then as it was
   */
  public void replace(Path target, Path backup, Body body) throws SaveStepException {
    replace(target, backup, false, body);
  }

  /**
   * Replaces {@code target} like {@link #replace(Path, Path, Body)}, but renames the old target to
   * {@code oldName} instead of linking it: for files that are kept under a new name each time and
   * may not be regular files at all. Between the two renames the target does not exist; a reader
   * that finds it missing looks for the old name.
   *
   * @param target the file to replace or create
   * @param oldName the new name of the old target, which must not exist
   * @param body writes the new content
   * @throws SaveStepException naming the step that failed; the target is then as it was, or under
   *     {@code oldName}
   */
  public void replaceRenamingOld(Path target, Path oldName, Body body) throws SaveStepException {
    replace(target, oldName, true, body);
  }

  private void replace(Path target, Path backup, boolean renameOld, Body body)
      throws SaveStepException {
    Path temporary = temporaryFor(target);
    writeSynced(temporary, body);
    try {
      if (backup != null && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        if (renameOld) {
          step("renaming " + target + " to", backup, () -> ops.moveAtomically(target, backup));
        } else {
          keepBackup(target, backup);
        }
      }
      step("renaming " + temporary + " to", target, () -> ops.moveAtomically(temporary, target));
    } catch (SaveStepException e) {
      deleteQuietly(temporary);
      throw e;
    }
    step("syncing the directory of", target, () -> ops.syncDirectory(target.getParent()));
  }

  /** Writes {@code file} from scratch and syncs it; on failure, removes it and throws. */
  private void writeSynced(Path file, Body body) throws SaveStepException {
    step("removing the stale", file, () -> ops.deleteIfExists(file));
    SyncableOutputStream out;
    try {
      out = ops.create(file);
    } catch (IOException | RuntimeException e) {
      throw new SaveStepException("creating", file, e);
    }
    try {
      try {
        OutputStream buffered = new BufferedOutputStream(out, BUFFER_SIZE);
        body.writeTo(buffered);
        buffered.flush();
      } catch (IOException | RuntimeException e) {
        throw new SaveStepException("writing", file, e);
      }
      step("syncing", file, out::sync);
      step("closing", file, out::close);
    } catch (SaveStepException e) {
      closeQuietly(out);
      deleteQuietly(file);
      throw e;
    }
  }

  private void keepBackup(Path target, Path backup) throws SaveStepException {
    Path temporary = temporaryFor(backup);
    step("removing the stale", temporary, () -> ops.deleteIfExists(temporary));
    boolean linked;
    try {
      ops.createLink(temporary, target);
      linked = true;
    } catch (IOException | UnsupportedOperationException e) {
      // No hard links here (FAT, some network file systems): a synced copy does the same job.
      linked = false;
    }
    if (!linked) {
      writeSynced(
          temporary,
          out -> {
            try (InputStream in = Files.newInputStream(target)) {
              in.transferTo(out);
            }
          });
    }
    try {
      step("renaming " + temporary + " to", backup, () -> ops.moveAtomically(temporary, backup));
    } catch (SaveStepException e) {
      deleteQuietly(temporary);
      throw e;
    }
  }

  private interface Step {
    void run() throws IOException;
  }

  private static void step(String what, Path file, Step step) throws SaveStepException {
    try {
      step.run();
    } catch (IOException | RuntimeException e) {
      throw new SaveStepException(what, file, e);
    }
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException | RuntimeException e) {
      // Already failing; the first failure is the one to report.
    }
  }

  private void deleteQuietly(Path file) {
    try {
      ops.deleteIfExists(file);
    } catch (IOException | RuntimeException e) {
      // A stale temporary file is harmless: the next save or open removes it.
    }
  }
}
