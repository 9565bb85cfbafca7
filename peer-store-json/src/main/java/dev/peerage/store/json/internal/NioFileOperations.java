package dev.peerage.store.json.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** The real {@link FileOperations}, on {@code java.nio.file}. Stateless and thread-safe. */
public final class NioFileOperations implements FileOperations {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /** Creates the operations. */
  public NioFileOperations() {}

  @Override
  public SyncableOutputStream create(Path file, boolean ownerOnly) throws IOException {
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileChannel channel;
    if (ownerOnly && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      // Set at creation, not after: the secret is never readable by others, not even briefly.
      FileAttribute<Set<PosixFilePermission>> permissions =
          PosixFilePermissions.asFileAttribute(OWNER_ONLY);
      channel = FileChannel.open(file, options, permissions);
    } else {
      channel = FileChannel.open(file, options);
    }
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
