package dev.peerage.store.json.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes the bytes that pass through while the parser reads them, so that a document's checksum
 * needs no second pass over the file. The checksum covers the bytes up to the {@code "checksum"}
 * member, whose offset is known only once the parser has passed it; so the stream holds back the
 * last {@value #HELD_BACK} bytes read from the digest. After the whole document is read, the member
 * of a file the store wrote (about 90 bytes before the end) lies inside the held-back bytes, and
 * {@link #digestOfFirst} hashes the rest of the covered bytes from there. A file with more than
 * that after its checksum member (much trailing white space, a long invalid checksum) gets null,
 * and the caller hashes the file itself, as before: the result is the same either way.
 *
 * <p>Memory is bounded by the held-back bytes. Not thread-safe: one instance serves one parse.
 */
final class ChecksumInputStream extends FilterInputStream {
  /** Bytes not yet hashed; a file the store wrote has about 90 after its checksum member. */
  static final int HELD_BACK = 1024;

  private final MessageDigest digest;
  private final byte[] held = new byte[HELD_BACK];
  private int heldLength;
  private long hashed;
  private boolean finished;

  /**
   * Wraps {@code in}.
   *
   * @param in the stream to read
   * @param digest a fresh digest, updated by this stream from now on
   */
  ChecksumInputStream(InputStream in, MessageDigest digest) {
    super(in);
    this.digest = digest;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      take(b, off, n);
    }
    return n;
  }

  /** Skips by reading, so that skipped bytes are hashed too. */
  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readLimit) {
    // Not supported: a reset would hash bytes twice.
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark and reset are not supported");
  }

  /** Hashes what falls out of the held-back window and keeps the newest bytes held back. */
  private void take(byte[] b, int off, int n) {
    if (finished) {
      throw new IllegalStateException("the digest was already taken");
    }
    if (n >= HELD_BACK) {
      digest.update(held, 0, heldLength);
      digest.update(b, off, n - HELD_BACK);
      hashed += heldLength + n - HELD_BACK;
      System.arraycopy(b, off + n - HELD_BACK, held, 0, HELD_BACK);
      heldLength = HELD_BACK;
      return;
    }
    int overflow = heldLength + n - HELD_BACK;
    if (overflow > 0) {
      digest.update(held, 0, overflow);
      hashed += overflow;
      System.arraycopy(held, overflow, held, 0, heldLength - overflow);
      heldLength -= overflow;
    }
    System.arraycopy(b, off, held, heldLength, n);
    heldLength += n;
  }

  /**
   * The digest of the first {@code length} bytes read, if they can still be told apart from the
   * rest: that is, if no byte beyond them has been hashed yet. Ends the use of the digest.
   *
   * @param length the number of bytes covered, from the first byte read
   * @return the digest, or null if {@code length} is outside the held-back window (before it: more
   *     was hashed; beyond it: not read yet), and the caller must hash those bytes itself
   */
  byte[] digestOfFirst(long length) {
    if (finished) {
      throw new IllegalStateException("the digest was already taken");
    }
    finished = true;
    if (length < hashed || length > hashed + heldLength) {
      return null;
    }
    digest.update(held, 0, (int) (length - hashed));
    return digest.digest();
  }
}
