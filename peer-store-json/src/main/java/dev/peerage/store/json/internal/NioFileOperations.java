package dev.peerage.store.json.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;

/** The real {@link FileOperations}, on {@code java.nio.file}. Stateless and thread-safe. */
public final class NioFileOperations implements FileOperations {
  /** Creates the operations. */
  public NioFileOperations() {}

  @Override
  public SyncableOutputStream create(Path file) throws IOException {
    // Permissions set at creation, not after: the file is never readable by others, not briefly.
    FileChannel channel =
        FileChannel.open(
            file,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            StorePermissions.forFile(file));
    return new ChannelOutputStream(channel);
  }

  @Override
  public void moveAtomically(Path source, Path target) throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void createLink(Path link, Path existing) throws IOException {
    Files.createLink(link, existing);
  }

  @Override
  public void syncDirectory(Path directory) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(directory, StandardOpenOption.READ);
    } catch (IOException e) {
      // Windows cannot open a directory as a file; its renames are durable without this step.
      return;
    }
    try (channel) {
      channel.force(true);
    }
  }

  @Override
  public void deleteIfExists(Path file) throws IOException {
    Files.deleteIfExists(file);
  }

  @Override
  public InputStream openForReading(Path file) throws IOException {
    return Files.newInputStream(file);
  }

  /** Writes straight to the channel; callers put a buffer in front. */
  private static final class ChannelOutputStream extends SyncableOutputStream {
    private final FileChannel channel;

    ChannelOutputStream(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }

    @Override
    public void sync() throws IOException {
      channel.force(true);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
