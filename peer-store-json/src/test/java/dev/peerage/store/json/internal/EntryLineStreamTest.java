package dev.peerage.store.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Until entries are decoded, the stream passes every byte through unchanged and in order, however
 * the reader splits its reads (single bytes included) and wherever opener lines fall, so that the
 * parser sees exactly the file.
 */
class EntryLineStreamTest {
  @Property(tries = 500)
  void passesEveryByteThroughInOrder(
      @ForAll @IntRange(min = 0, max = 200_000) int size,
      @ForAll @IntRange(min = 1, max = 20_000) int largestRead,
      @ForAll @LongRange(min = 0, max = 1L << 40) long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] opener = "\n    \"entries\": [\n".getBytes(StandardCharsets.US_ASCII);
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      if (random.nextInt(500) == 0 && i + opener.length <= size) {
        System.arraycopy(opener, 0, data, i, opener.length);
        i += opener.length - 1;
      } else {
        data[i] = (byte) random.nextInt(256);
      }
    }
    EntryLineStream in = new EntryLineStream(new ByteArrayInputStream(data));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[largestRead];
    while (true) {
      if (random.nextInt(4) == 0) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        out.write(b);
      } else {
        int n = in.read(chunk, 0, 1 + random.nextInt(largestRead));
        if (n < 0) {
          break;
        }
        assertThat(n).isPositive();
        out.write(chunk, 0, n);
      }
    }
    assertThat(out.toByteArray()).isEqualTo(data);
    assertThat(in.hiddenBytes()).isZero();
  }
}
