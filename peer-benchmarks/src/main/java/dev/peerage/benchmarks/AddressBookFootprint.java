package dev.peerage.benchmarks;

import dev.peerage.core.AddressBook;
import dev.peerage.core.BucketedAddressBook;
import dev.peerage.core.PeerAddress;
import dev.peerage.core.TimestampedAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures the heap an address book retains per stored address, by walking the object graph with JOL
 * (exact and repeatable, unlike sampling the heap after a garbage collection).
 *
 * <p>Run: {@code java -cp peer-benchmarks/target/benchmarks.jar dev.peerage.benchmarks.AddressBookFootprint}
 * (add {@code -Djdk.attach.allowAttachSelf=true} to silence JOL's agent warning).
 */
public final class AddressBookFootprint {
  private AddressBookFootprint() {}

  /** What one measurement found. */
  record Footprint(int newEntries, int triedEntries, long retainedBytes) {
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
    Instant now = Instant.parse("2026-11-01T00:00:00Z");
    BucketedAddressBook book = AddressBookBenchmark.newBook();
    Random random = new Random(seed);
    int triedWanted = Math.min(target / 5, 15_000);
    List<PeerAddress> promoted = new ArrayList<>();
    int rounds = 0;
    while (book.size() < target && rounds++ < 10_000) {
      PeerAddress source = AddressBookBenchmark.randomAddress(random);
      List<TimestampedAddress> batch = new ArrayList<>(256);
      for (int i = 0; i < 256; i++) {
        batch.add(new TimestampedAddress(AddressBookBenchmark.randomAddress(random), now));
      }
      for (PeerAddress added : book.add(batch, source, Duration.ZERO)) {
        if (book.size(AddressBook.Table.TRIED) < triedWanted
            && book.markGood(added) == AddressBook.GoodOutcome.PROMOTED) {
          promoted.add(added);
        }
      }
    }
    long bytes = GraphLayout.parseInstance(book).totalSize();
    return new Footprint(book.size(AddressBook.Table.NEW), book.size(AddressBook.Table.TRIED), bytes);
  }

  /**
   * Prints the footprint at 1k, 16k and 80k addresses.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    for (int target : new int[] {1_000, 16_000, 80_000}) {
      Footprint f = measure(target, 7);
      System.out.printf("addresses=%d (new=%d, tried=%d) retained=%d bytes, %.1f bytes/address%n",
          f.addresses(), f.newEntries(), f.triedEntries(), f.retainedBytes(), f.bytesPerAddress());
    }
  }
}
