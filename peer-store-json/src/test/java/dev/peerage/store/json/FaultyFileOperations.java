package dev.peerage.store.json;

import dev.peerage.store.json.internal.FileOperations;
import dev.peerage.store.json.internal.NioFileOperations;
import dev.peerage.store.json.internal.SyncableOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real file operations that fail on demand: the n-th step, or every write once a byte budget is
 * spent (a full disk), or every read of a named file. Records the steps it was asked to do, so a
 * test can first learn a save's sequence and then fail each step of it in turn; reads are not steps
 * of a save and are not recorded.
 */
final class FaultyFileOperations implements FileOperations {
  private final FileOperations real = new NioFileOperations();
  private final List<String> steps = new ArrayList<>();
  private int failAt = -1;
  private IOException failure;
  private long writeBudget = Long.MAX_VALUE;
  private final Map<String, IOException> readFailures = new HashMap<>();

  /** Makes step {@code index} (counting from 0 over the steps recorded from now) fail. */
  void failAt(int index, IOException failure) {
    steps.clear();
    this.failAt = index;
    this.failure = failure;
  }

  /** Makes writes fail with "No space left on device" once {@code bytes} have been written. */
  void diskFullAfter(long bytes) {
    writeBudget = bytes;
  }

  /** Makes every read of a file named {@code fileName}, in any directory, throw {@code failure}. */
  void failReading(String fileName, IOException failure) {
    readFailures.put(fileName, failure);
  }

  /** Stops failing and forgets the steps. */
  void heal() {
    failAt = -1;
    writeBudget = Long.MAX_VALUE;
    readFailures.clear();
    steps.clear();
  }

  List<String> steps() {
    return List.copyOf(steps);
  }

  private void step(String what, Path file) throws IOException {
    steps.add(what + " " + file.getFileName());
    if (steps.size() - 1 == failAt) {
      throw failure;
    }
  }

  @Override
  public SyncableOutputStream create(Path file) throws IOException {
    step("create", file);
    SyncableOutputStream out = real.create(file);
    return new SyncableOutputStream() {
      private boolean wrote;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (!wrote) {
          wrote = true;
          step("write", file);
        }
        if (len > writeBudget) {
          out.write(b, off, (int) writeBudget);
          writeBudget = 0;
          throw new IOException("No space left on device");
        }
        writeBudget -= len;
        out.write(b, off, len);
      }

      @Override
      public void sync() throws IOException {
        step("sync", file);
        out.sync();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  @Override
  public void moveAtomically(Path source, Path target) throws IOException {
    step("move " + source.getFileName() + " to", target);
    real.moveAtomically(source, target);
  }

  @Override
  public void createLink(Path link, Path existing) throws IOException {
    step("link " + link.getFileName() + " to", existing);
    real.createLink(link, existing);
  }

  @Override
  public void syncDirectory(Path directory) throws IOException {
    step("sync directory", directory);
    real.syncDirectory(directory);
  }

  @Override
  public void deleteIfExists(Path file) throws IOException {
    step("delete", file);
    real.deleteIfExists(file);
  }

  @Override
  public InputStream openForReading(Path file) throws IOException {
    IOException failure = readFailures.get(file.getFileName().toString());
    if (failure != null) {
      throw failure;
    }
    return real.openForReading(file);
  }
}
