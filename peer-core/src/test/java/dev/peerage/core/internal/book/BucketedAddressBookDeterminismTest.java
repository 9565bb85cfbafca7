package dev.peerage.core.internal.book;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.book.AddressBook;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.book.AddressBookEntry;
import dev.peerage.core.book.AddressBookSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pins what a seeded book does, so a change of its internal storage cannot silently change behaviour.
 *
 * <p>A fixed seed, key and clock drive a long sequence of adds, outcomes, removals, collision handling,
 * selections and shares; every answer goes into a SHA-256 digest. The expected digests were recorded with
 * the dense-bucket implementation that preceded packed buckets (commit 592395a): the packed storage must
 * place, evict and select exactly as it did. A deliberate change of placement or selection changes these
 * digests; record the new ones and say why in the commit. (Recorded again when peer-exchange answers
 * gained a floor of 32 addresses: the shares of the sequence's small books grew, placement did not change.)
 */
class BucketedAddressBookDeterminismTest {
  private static final byte[] KEY = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};

  /** Tables small enough that buckets fill, overflow and empty again many times. */
  private static final AddressBookConfig SMALL = AddressBookConfig.builder()
      .tables(32, 8, 32).newBucketsPerSourceGroup(8).triedBucketsPerGroup(4).maxCollisions(6).build();

  @Test
  void aSeededDefaultBookBehavesAsBefore() {
    assertThat(transcriptDigest(AddressBookConfig.defaults(), 11))
        .isEqualTo("c8c3f802c4d0c0bb60480524f94320ffdcea050292cc7f3fb0a27a3f4500f28c");
  }

  @Test
  void aSeededSmallBookBehavesAsBefore() {
    assertThat(transcriptDigest(SMALL, 12))
        .isEqualTo("890428c5cea5b4b751e2b7419c02e9b6f4afdf8223a74043e54802b8ac634c05");
  }

  private static PeerAddress address(Random random) {
    if (random.nextInt(5) == 0) {
      return PeerAddress.parse("[2a0" + random.nextInt(6) + ":" + Integer.toHexString(random.nextInt(16))
          + "::" + Integer.toHexString(1 + random.nextInt(4000)) + "]:" + (1 + random.nextInt(3)));
    }
    return PeerAddress.parse((20 + random.nextInt(40)) + "." + random.nextInt(8) + "."
        + random.nextInt(64) + "." + (1 + random.nextInt(200)) + ":" + (1 + random.nextInt(3)));
  }

  /** Runs the seeded sequence and returns the digest of everything the book answered, in hex. */
  static String transcriptDigest(AddressBookConfig config, long seed) {
    Random random = new Random(seed);
    TestClock clock = new TestClock();
    BucketedAddressBook book = BucketedAddressBook.builder().config(config).clock(clock)
        .random(new Random(seed + 1)).key(KEY).build();
    StringBuilder transcript = new StringBuilder();
    List<PeerAddress> known = new ArrayList<>();
    for (int step = 0; step < 6_000; step++) {
      clock.advance(Duration.ofSeconds(random.nextInt(300)));
      PeerAddress target = known.isEmpty() || random.nextInt(4) == 0
          ? address(random) : known.get(random.nextInt(known.size()));
      int op = random.nextInt(16);
      transcript.append(op).append(':');
      switch (op) {
        case 0, 1, 2, 3, 4, 5 -> {
          List<TimestampedAddress> batch = new ArrayList<>();
          for (int i = random.nextInt(30); i >= 0; i--) {
            PeerAddress a = address(random);
            batch.add(new TimestampedAddress(a,
                clock.instant().minus(Duration.ofHours(random.nextInt(24 * 35)))));
            known.add(a);
          }
          transcript.append(book.add(batch, address(random), Duration.ofMinutes(random.nextInt(120))));
        }
        case 6, 7 -> transcript.append(book.markGood(target));
        case 8 -> book.markAttempt(target, random.nextBoolean());
        case 9 -> transcript.append(book.remove(target));
        case 10 -> transcript.append(book.resolveCollisions());
        case 11 -> transcript.append(book.collisionToTest().map(AddressBookEntry::address));
        case 12 -> transcript.append(book.addressesToShare(50, 23));
        default -> transcript.append(book.select().map(AddressBookEntry::address));
      }
      transcript.append(';').append(book.size(AddressBook.Table.NEW)).append('/')
          .append(book.size(AddressBook.Table.TRIED)).append('\n');
    }
    for (AddressBookSnapshot.Entry e : book.snapshot().entries()) {
      transcript.append(e.address()).append(e.tried()).append(e.newBuckets()).append('\n');
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(transcript.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
