package dev.peerage.store.json;

import dev.peerage.store.json.internal.FileOperations;
import dev.peerage.store.json.internal.NioFileOperations;
import dev.peerage.store.json.internal.SyncableOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The crash test's child: loads the store, then saves numbered snapshots in a loop and prints
 * {@code saved k} after each save returns, until it is killed. Before each file system step of a
 * save it prints {@code step <what> <file>}, so the parent can pick the step to kill it at by
 * counting lines instead of guessing with clocks.
 */
public final class CrashingSaver {
  private static final PrintStream OUT = System.out;

  private CrashingSaver() {}

  /**
   * Runs the loop.
   *
   * @param args the store directory and the first number to save
   * @throws Exception on any failure, which the parent sees as an early end of output
   */
  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    long k = Long.parseLong(args[1]);
    try (JsonPeerStore store =
        JsonPeerStore.builder(directory)
            .fileOperations(new Announcing(new NioFileOperations()))
            .open()) {
      store.load();
      say("ready");
      while (true) {
        store.save(Snapshots.numbered(k));
        say("saved " + k);
        k++;
      }
    }
  }

  private static void say(String line) {
    OUT.println(line);
    OUT.flush();
  }

  /** Real file operations that say what they are about to do. */
  private static final class Announcing implements FileOperations {
    private final FileOperations real;

    Announcing(FileOperations real) {
      this.real = real;
    }

    @Override
    public SyncableOutputStream create(Path file) throws IOException {
      say("step create " + file.getFileName());
      SyncableOutputStream out = real.create(file);
      return new SyncableOutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          // Half the bytes, then a line, then the rest: a kill here leaves a torn file.
          int half = len / 2;
          out.write(b, off, half);
          say("step write " + file.getFileName());
          out.write(b, off + half, len - half);
        }

        @Override
        public void sync() throws IOException {
          say("step sync " + file.getFileName());
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
      say("step rename " + source.getFileName() + " " + target.getFileName());
      real.moveAtomically(source, target);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
      say("step link " + link.getFileName());
      real.createLink(link, existing);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
      say("step sync-directory");
      real.syncDirectory(directory);
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
      say("step delete " + file.getFileName());
      real.deleteIfExists(file);
    }

    @Override
    public InputStream openForReading(Path file) throws IOException {
      // Not a save step: the parent counts only the steps that change files.
      return real.openForReading(file);
    }
  }
}
