package dev.peerage.store.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The stream's digest of the first bytes equals SHA-256 of those bytes, however the reader splits
 * its reads, and it answers null, not a wrong digest, once bytes beyond them have been hashed.
 */
class ChecksumInputStreamTest {
  @Property(tries = 2000)
  void digestsTheFirstBytesOrSaysItCannot(
      @ForAll @IntRange(min = 0, max = 40_000) int size,
      @ForAll @IntRange(min = 0, max = 3_000) int fromTheEnd,
      @ForAll @IntRange(min = 1, max = 10_000) int largestRead,
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] data = new byte[size];
    random.nextBytes(data);
    int covered = Math.max(0, size - fromTheEnd);
    ChecksumInputStream in =
        new ChecksumInputStream(new ByteArrayInputStream(data), StoreFormat.newDigest());
    readToTheEnd(in, random, largestRead);

    byte[] digest = in.digestOfFirst(covered);

    if (size - covered <= ChecksumInputStream.HELD_BACK) {
      assertThat(digest).isEqualTo(sha256(data, covered));
    } else {
      assertThat(digest).isNull();
    }
  }

  @Property(tries = 200)
  void singleBytesAndSkipsAreHashedToo(
      @ForAll @IntRange(min = 0, max = 5_000) int size,
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] data = new byte[size];
    random.nextBytes(data);
    ChecksumInputStream in =
        new ChecksumInputStream(new ByteArrayInputStream(data), StoreFormat.newDigest());
    while (true) {
      int how = random.nextInt(3);
      if (how == 0 && in.read() < 0) {
        break;
      }
      if (how == 1 && in.skip(random.nextInt(1, 300)) == 0 && in.read() < 0) {
        break;
      }
      if (how == 2 && in.read(new byte[64], 0, random.nextInt(1, 64)) < 0) {
        break;
      }
    }
    int covered = Math.max(0, size - random.nextInt(0, ChecksumInputStream.HELD_BACK + 1));
    assertThat(in.digestOfFirst(covered)).isEqualTo(sha256(data, covered));
  }

  @Property(tries = 200)
  void bytesNotReadYetAreNotGuessed(
      @ForAll @IntRange(min = 1, max = 5_000) int size,
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] data = new byte[size];
    random.nextBytes(data);
    ChecksumInputStream in =
        new ChecksumInputStream(new ByteArrayInputStream(data), StoreFormat.newDigest());
    int read = random.nextInt(0, size);
    in.readNBytes(read);
    assertThat(in.digestOfFirst(read + 1 + random.nextInt(0, 100))).isNull();
  }

  private static void readToTheEnd(InputStream in, SplittableRandom random, int largestRead)
      throws IOException {
    byte[] buffer = new byte[largestRead + 16];
    while (true) {
      int offset = random.nextInt(0, 16);
      int n = in.read(buffer, offset, random.nextInt(1, largestRead + 1));
      if (n < 0) {
        return;
      }
    }
  }

  private static byte[] sha256(byte[] data, int length) {
    MessageDigest sha = StoreFormat.newDigest();
    sha.update(data, 0, length);
    return sha.digest();
  }
}
