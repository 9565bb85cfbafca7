package dev.peerage.core.internal.book;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.book.AddressBook.Table;
import dev.peerage.core.book.AddressBook;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.book.AddressBookSnapshot;
import dev.peerage.core.book.SelectionFilter;
import dev.peerage.core.internal.book.BucketedAddressBook.BucketForm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The two storage forms of a bucket (packed while it holds few entries, dense beyond that) and the
 * transitions between them, with the consistency check after every step.
 */
class BucketedAddressBookBucketStorageTest {
  private static final byte[] KEY = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  private static final PeerAddress SOURCE = PeerAddress.parse("30.1.1.1:8333");
  /** Most entries a default 64-slot bucket packs; one more turns it dense. */
  private static final int LIMIT = 8;
  /** A dense bucket turns packed again when it drops to this many entries. */
  private static final int BACK = LIMIT / 2;

  private final TestClock clock = new TestClock();

  private BucketedAddressBook book(AddressBookConfig config) {
    return BucketedAddressBook.builder().config(config).clock(clock).random(new Random(42)).key(KEY)
        .build();
  }

  /** Addresses of one /16, announced by one source: all in one new bucket, each in its own slot. */
  private static List<PeerAddress> oneNewBucket(BucketedAddressBook book, int count) {
    Map<Integer, PeerAddress> bySlot = new LinkedHashMap<>();
    for (int i = 1; bySlot.size() < count && i < 60_000; i++) {
      PeerAddress a = PeerAddress.parse("20.1." + (i / 250) + "." + (1 + i % 250) + ":8333");
      bySlot.putIfAbsent(book.newSlotOf(a, SOURCE), a);
    }
    assertThat(bySlot).hasSize(count);
    return new ArrayList<>(bySlot.values());
  }

  @Test
  void sparseLimitIsAQuarterOfTheBucketAtMost8() {
    assertThat(BucketedAddressBook.sparseLimit(64)).isEqualTo(LIMIT);
    assertThat(BucketedAddressBook.sparseLimit(4_096)).isEqualTo(8);
    assertThat(BucketedAddressBook.sparseLimit(32)).isEqualTo(8);
    assertThat(BucketedAddressBook.sparseLimit(16)).isEqualTo(4);
    assertThat(BucketedAddressBook.sparseLimit(8)).isEqualTo(2);
    assertThat(BucketedAddressBook.sparseLimit(4)).isEqualTo(1);
    assertThat(BucketedAddressBook.sparseLimit(3)).isZero();
    assertThat(BucketedAddressBook.sparseLimit(1)).isZero();
  }

  @Test
  void aNewBucketTurnsDensePastTheLimitAndPackedAgainAtHalfOfIt() {
    BucketedAddressBook book = book(AddressBookConfig.defaults());
    List<PeerAddress> members = oneNewBucket(book, 24);
    int bucket = book.newBucketOf(members.get(0), SOURCE);
    assertThat(book.bucketForm(Table.NEW, bucket)).isEqualTo(BucketForm.EMPTY);

    for (int n = 1; n <= members.size(); n++) {
      assertThat(book.add(members.get(n - 1), SOURCE)).isTrue();
      book.checkConsistency();
      assertThat(book.bucketForm(Table.NEW, bucket))
          .as("form with %d occupants", n)
          .isEqualTo(n <= LIMIT ? BucketForm.PACKED : BucketForm.DENSE);
      assertThat(book.size()).isEqualTo(n);
    }
    // Every occupant is still reachable through the dense form.
    Set<PeerAddress> selected = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      selected.add(book.select().orElseThrow().address());
    }
    assertThat(selected).containsExactlyInAnyOrderElementsOf(members);

    for (int n = members.size() - 1; n >= 0; n--) {
      assertThat(book.remove(members.get(n))).isTrue();
      book.checkConsistency();
      BucketForm expected =
          n == 0 ? BucketForm.EMPTY : n <= BACK ? BucketForm.PACKED : BucketForm.DENSE;
      assertThat(book.bucketForm(Table.NEW, bucket)).as("form with %d occupants", n)
          .isEqualTo(expected);
      for (int i = 0; i < n; i++) {
        assertThat(book.contains(members.get(i))).isTrue();
      }
    }
    assertThat(book.select()).isEmpty();
  }

  @Test
  void aBucketHoveringAtAnEdgeKeepsItsFormUntilTheOtherEdge() {
    BucketedAddressBook book = book(AddressBookConfig.defaults());
    List<PeerAddress> members = oneNewBucket(book, LIMIT + 1);
    int bucket = book.newBucketOf(members.get(0), SOURCE);
    for (PeerAddress a : members) {
      book.add(a, SOURCE);
    }
    assertThat(book.bucketForm(Table.NEW, bucket)).isEqualTo(BucketForm.DENSE);
    // Down to BACK + 1 and up again: dense throughout.
    for (int round = 0; round < 3; round++) {
      for (int n = LIMIT; n > BACK; n--) {
        book.remove(members.get(n));
        book.checkConsistency();
        assertThat(book.bucketForm(Table.NEW, bucket)).isEqualTo(BucketForm.DENSE);
      }
      for (int n = BACK + 1; n <= LIMIT; n++) {
        book.add(members.get(n), SOURCE);
        book.checkConsistency();
        assertThat(book.bucketForm(Table.NEW, bucket)).isEqualTo(BucketForm.DENSE);
      }
    }
    // Down to BACK: packed; back up to LIMIT: still packed; one more: dense.
    for (int n = LIMIT; n >= BACK; n--) {
      book.remove(members.get(n));
    }
    assertThat(book.bucketForm(Table.NEW, bucket)).isEqualTo(BucketForm.PACKED);
    for (int n = BACK; n < LIMIT; n++) {
      book.add(members.get(n), SOURCE);
      book.checkConsistency();
      assertThat(book.bucketForm(Table.NEW, bucket)).isEqualTo(BucketForm.PACKED);
    }
    book.add(members.get(LIMIT), SOURCE);
    book.checkConsistency();
    assertThat(book.bucketForm(Table.NEW, bucket)).isEqualTo(BucketForm.DENSE);
  }

  @Test
  void aTriedBucketTurnsDenseAndPackedAgainAsItFillsAndEmpties() {
    BucketedAddressBook book = book(AddressBookConfig.defaults());
    // One /16 reaches 8 tried buckets; collect addresses of the first one, each in its own slot.
    Map<Integer, PeerAddress> bySlot = new LinkedHashMap<>();
    int bucket = book.triedBucketOf(PeerAddress.parse("20.1.0.1:8333"));
    for (int i = 1; bySlot.size() < 20 && i < 60_000; i++) {
      PeerAddress a = PeerAddress.parse("20.1." + (i / 250) + "." + (1 + i % 250) + ":8333");
      if (book.triedBucketOf(a) == bucket) {
        bySlot.putIfAbsent(book.triedSlotOf(a), a);
      }
    }
    List<PeerAddress> members = new ArrayList<>(bySlot.values());
    assertThat(members).hasSize(20);

    for (int n = 1; n <= members.size(); n++) {
      PeerAddress a = members.get(n - 1);
      // Each from its own source group, so the new table has room for all of them.
      assertThat(book.add(a, PeerAddress.parse("31." + n + ".1.1:8333"))).isTrue();
      assertThat(book.markGood(a)).isEqualTo(AddressBook.GoodOutcome.PROMOTED);
      book.checkConsistency();
      assertThat(book.bucketForm(Table.TRIED, bucket)).as("form with %d occupants", n)
          .isEqualTo(n <= LIMIT ? BucketForm.PACKED : BucketForm.DENSE);
    }
    assertThat(book.size(Table.TRIED)).isEqualTo(20);

    // A newcomer for an occupied slot of the dense bucket collides; the dense form finds the occupant.
    PeerAddress rival = null;
    for (int i = 1; rival == null && i < 60_000; i++) {
      PeerAddress a = PeerAddress.parse("20.1." + (i / 250) + "." + (1 + i % 250) + ":8444");
      if (book.triedBucketOf(a) == bucket && bySlot.containsKey(book.triedSlotOf(a))) {
        rival = a;
      }
    }
    assertThat(rival).isNotNull();
    book.add(rival, PeerAddress.parse("32.1.1.1:8333"));
    assertThat(book.markGood(rival)).isEqualTo(AddressBook.GoodOutcome.COLLISION);
    assertThat(book.collisionToTest().orElseThrow().address())
        .isEqualTo(bySlot.get(book.triedSlotOf(rival)));
    book.checkConsistency();

    for (int n = members.size() - 1; n >= 0; n--) {
      book.remove(members.get(n));
      book.checkConsistency();
      BucketForm expected =
          n == 0 ? BucketForm.EMPTY : n <= BACK ? BucketForm.PACKED : BucketForm.DENSE;
      assertThat(book.bucketForm(Table.TRIED, bucket)).as("form with %d occupants", n)
          .isEqualTo(expected);
    }
  }

  @Test
  void bucketsUnderFourSlotsAreAlwaysDenseAndReleasedWhenEmpty() {
    AddressBookConfig tiny = AddressBookConfig.builder().tables(8, 2, 3).newBucketsPerSourceGroup(1)
        .triedBucketsPerGroup(1).build();
    BucketedAddressBook book = book(tiny);
    List<PeerAddress> members = oneNewBucket(book, 3);
    int bucket = book.newBucketOf(members.get(0), SOURCE);
    for (PeerAddress a : members) {
      book.add(a, SOURCE);
      book.checkConsistency();
      assertThat(book.bucketForm(Table.NEW, bucket)).isEqualTo(BucketForm.DENSE);
    }
    for (PeerAddress a : members) {
      book.remove(a);
      book.checkConsistency();
    }
    assertThat(book.bucketForm(Table.NEW, bucket)).isEqualTo(BucketForm.EMPTY);
  }

  @Test
  void aSnapshotOfMixedFormsRestoresTheSamePlacement() {
    BucketedAddressBook book = book(AddressBookConfig.defaults());
    List<PeerAddress> dense = oneNewBucket(book, 20);
    for (PeerAddress a : dense) {
      book.add(a, SOURCE);
    }
    book.add(PeerAddress.parse("40.1.1.1:8333"), PeerAddress.parse("41.1.1.1:8333"));
    AddressBookSnapshot saved = book.snapshot();
    BucketedAddressBook copy = book(AddressBookConfig.defaults());
    assertThat(copy.restore(saved)).isZero();
    copy.checkConsistency();
    assertThat(copy.bucketForm(Table.NEW, copy.newBucketOf(dense.get(0), SOURCE)))
        .isEqualTo(BucketForm.DENSE);
    assertThat(copy.snapshot().entries()).containsExactlyInAnyOrderElementsOf(saved.entries());
  }

  // --- random operation sequences --------------------------------------------------------------

  /**
   * 16-slot buckets pack up to 4 entries: with few groups and sources, buckets cross both edges often.
   */
  private static final AddressBookConfig CROWDED = AddressBookConfig.builder()
      .tables(8, 4, 16).newBucketsPerSourceGroup(4).triedBucketsPerGroup(2).maxCollisions(4).build();

  private static PeerAddress crowdedAddress(Random random) {
    if (random.nextInt(4) == 0) {
      return PeerAddress.parse("[2a01:" + Integer.toHexString(random.nextInt(3)) + "::"
          + Integer.toHexString(1 + random.nextInt(200)) + "]:8333");
    }
    return PeerAddress.parse("20." + random.nextInt(3) + "." + random.nextInt(10) + "."
        + (1 + random.nextInt(50)) + ":8333");
  }

  @Property(tries = 30)
  void randomOperationSequencesKeepBucketsListsAndEntriesInAgreement(@ForAll long seed) {
    Random random = new Random(seed);
    TestClock clock = new TestClock();
    BucketedAddressBook book = BucketedAddressBook.builder().config(CROWDED).clock(clock)
        .random(new Random(seed + 1)).build();
    List<PeerAddress> known = new ArrayList<>();
    BucketForm[] forms = new BucketForm[CROWDED.newBuckets()];
    int packedToDense = 0;
    int denseToPacked = 0;
    for (int step = 0; step < 400; step++) {
      clock.advance(Duration.ofSeconds(random.nextInt(120)));
      PeerAddress target = known.isEmpty() || random.nextInt(4) == 0
          ? crowdedAddress(random) : known.get(random.nextInt(known.size()));
      // The last 150 steps drain the book, so full buckets empty again.
      int op = step < 250 ? random.nextInt(10) : random.nextInt(4) == 0 ? random.nextInt(10) : 10;
      switch (op) {
        case 0, 1, 2 -> {
          List<TimestampedAddress> batch = new ArrayList<>();
          for (int i = random.nextInt(12); i >= 0; i--) {
            PeerAddress a = crowdedAddress(random);
            batch.add(new TimestampedAddress(a, clock.instant()));
            known.add(a);
          }
          PeerAddress source = PeerAddress.parse("30." + random.nextInt(4) + ".1.1:8333");
          for (PeerAddress added : book.add(batch, source, Duration.ZERO)) {
            assertThat(book.contains(added)).isTrue();
          }
        }
        case 3, 4 -> book.markGood(target);
        case 5, 6 -> {
          book.remove(target);
          assertThat(book.contains(target)).isFalse();
        }
        case 7 -> book.resolveCollisions();
        case 8 -> book.select().ifPresent(e -> assertThat(book.contains(e.address())).isTrue());
        case 9 -> book.markAttempt(target, true);
        default -> book.select(SelectionFilter.builder().newOnly().build())
            .ifPresent(e -> assertThat(book.remove(e.address())).isTrue());
      }
      book.checkConsistency();
      assertThat(book.size(Table.NEW) + book.size(Table.TRIED)).isEqualTo(book.size());
      assertThat(book.select().isPresent()).isEqualTo(book.size() > 0);
      int[] crossed = countTransitions(book, forms);
      packedToDense += crossed[0];
      denseToPacked += crossed[1];
    }
    // Finally empty the book one address at a time: every bucket is released.
    while (book.size() > 0) {
      assertThat(book.remove(book.select().orElseThrow().address())).isTrue();
      book.checkConsistency();
      int[] crossed = countTransitions(book, forms);
      packedToDense += crossed[0];
      denseToPacked += crossed[1];
    }
    for (int bucket = 0; bucket < CROWDED.newBuckets(); bucket++) {
      assertThat(book.bucketForm(Table.NEW, bucket)).isEqualTo(BucketForm.EMPTY);
    }
    for (int bucket = 0; bucket < CROWDED.triedBuckets(); bucket++) {
      assertThat(book.bucketForm(Table.TRIED, bucket)).isEqualTo(BucketForm.EMPTY);
    }
    // Most sequences must cross both edges, or the property tests only one form.
    Statistics.label("crossed both edges").collect(packedToDense > 0 && denseToPacked > 0);
    Statistics.label("crossed both edges")
        .coverage(coverage -> coverage.check(true).percentage(p -> p >= 90));
  }

  /** Counts the new buckets that turned dense and packed since {@code forms}, which it updates. */
  private static int[] countTransitions(BucketedAddressBook book, BucketForm[] forms) {
    int[] crossed = new int[2];
    for (int bucket = 0; bucket < forms.length; bucket++) {
      BucketForm form = book.bucketForm(Table.NEW, bucket);
      crossed[0] += forms[bucket] == BucketForm.PACKED && form == BucketForm.DENSE ? 1 : 0;
      crossed[1] += forms[bucket] == BucketForm.DENSE && form == BucketForm.PACKED ? 1 : 0;
      forms[bucket] = form;
    }
    return crossed;
  }
}
