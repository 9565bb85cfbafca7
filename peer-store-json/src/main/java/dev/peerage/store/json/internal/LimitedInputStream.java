package dev.peerage.store.json.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes at most {@code limit} bytes through. Past the limit it either reports the end of the
 * stream (to read a slice of a file) or fails (to guard a size limit against a file that grows
 * while it is read).
 */
class LimitedInputStream extends FilterInputStream {
  private long remaining;
  private final boolean failBeyond;
  private final long limit;

  LimitedInputStream(InputStream in, long limit, boolean failBeyond) {
    super(in);
    this.remaining = limit;
    this.limit = limit;
    this.failBeyond = failBeyond;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (remaining <= 0) {
      if (failBeyond && in.read() >= 0) {
        throw new IOException("the file grew beyond " + limit + " bytes while it was read");
      }
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(Math.min(n, Math.max(remaining, 0)));
    remaining -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), Math.max(remaining, 0));
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
