package dev.peerage.benchmarks;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.book.AddressBook;
import dev.peerage.core.book.AddressBookSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures the heap an address book retains per stored address, by walking the object graph with JOL
 * (exact and repeatable, unlike sampling the heap after a garbage collection).
 *
 * <p>Two workloads: a book filled toward capacity by sources announcing 256 addresses each (the per-address
 * target at 80k), and a small book of about a thousand addresses announced a few at a time by many
 * sources, as a node in the network simulation holds (thousands of such books share one heap there, so
 * what a small book costs matters as much as what an address costs in a full one).
 *
 * <p>Run: {@code java -cp peer-benchmarks/target/benchmarks.jar dev.peerage.benchmarks.AddressBookFootprint}
 * (add {@code -Djdk.attach.allowAttachSelf=true} to silence JOL's agent warning).
 */
public final class AddressBookFootprint {
  private AddressBookFootprint() {}

  /** Addresses per announcement in the small-book workload, like the gossip a simulated node receives. */
  static final int SMALL_BOOK_BATCH = 10;

  /** What one measurement found. */
  record Footprint(int newEntries, int triedEntries, int newBucketsUsed, long retainedBytes) {
    int addresses() {
      return newEntries + triedEntries;
    }

    double bytesPerAddress() {
      return retainedBytes / (double) addresses();
    }
  }

  /**
   * Fills a default-sized book with random routable IPv6 addresses from many sources until it holds about
   * {@code target} addresses (new and tried together), then measures it.
   *
   * @param target addresses wanted, at most about 80,000 with default tables
   * @param seed random seed
   * @return the measurement
   */
  static Footprint measure(int target, long seed) {
    return measure(target, seed, 256, Math.min(target / 5, 15_000));
  }

  /**
   * Fills a default-sized book with about {@code target} addresses announced {@link #SMALL_BOOK_BATCH} at a
   * time, each batch by another source, one in twenty promoted to tried, then measures it.
   *
   * @param target addresses wanted
   * @param seed random seed
   * @return the measurement
   */
  static Footprint measureSmallBook(int target, long seed) {
    return measure(target, seed, SMALL_BOOK_BATCH, target / 20);
  }

  private static Footprint measure(int target, long seed, int batchSize, int triedWanted) {
    Instant now = Instant.parse("2026-11-01T00:00:00Z");
    AddressBook book = AddressBookBenchmark.newBook();
    Random random = new Random(seed);
    int rounds = 0;
    while (book.size() < target && rounds++ < 100_000) {
      PeerAddress source = AddressBookBenchmark.randomAddress(random);
      List<TimestampedAddress> batch = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        batch.add(new TimestampedAddress(AddressBookBenchmark.randomAddress(random), now));
      }
      for (PeerAddress added : book.add(batch, source, Duration.ZERO)) {
        if (book.size(AddressBook.Table.TRIED) < triedWanted) {
          book.markGood(added);
        }
      }
    }
    long bytes = GraphLayout.parseInstance(book).totalSize();
    Set<Integer> newBuckets = new HashSet<>();
    for (AddressBookSnapshot.Entry entry : book.snapshot().entries()) {
      newBuckets.addAll(entry.newBuckets());
    }
    return new Footprint(book.size(AddressBook.Table.NEW), book.size(AddressBook.Table.TRIED),
        newBuckets.size(), bytes);
  }

  /**
   * Prints the footprint at 1k, 16k and 80k addresses announced 256 at a time, then of the small book.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    for (int target : new int[] {1_000, 16_000, 80_000}) {
      print("batches of 256", measure(target, 7));
    }
    print("small book, batches of " + SMALL_BOOK_BATCH, measureSmallBook(1_000, 7));
  }

  private static void print(String workload, Footprint f) {
    System.out.printf(
        "%s: addresses=%d (new=%d, tried=%d), new buckets used=%d, retained=%d bytes (%.1f kB),"
            + " %.1f bytes/address%n",
        workload, f.addresses(), f.newEntries(), f.triedEntries(), f.newBucketsUsed(),
        f.retainedBytes(), f.retainedBytes() / 1000.0, f.bytesPerAddress());
  }
}
