package dev.peerage.core.internal.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetGroup;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.book.AddressBook;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.book.AddressBookEntry;
import dev.peerage.core.book.AddressBookSnapshot;
import dev.peerage.core.book.SelectionFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Behaviour of the bucketed address book, including the properties Bitcoin Core's
 * src/test/addrman_tests.cpp checks (re-stated for our hash and key, not copied).
 */
class BucketedAddressBookTest {
  private static final byte[] KEY = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

  private final TestClock clock = new TestClock();

  private BucketedAddressBook.Builder builder() {
    return BucketedAddressBook.builder().clock(clock).random(new Random(42)).key(KEY);
  }

  private BucketedAddressBook book() {
    return builder().build();
  }

  private static PeerAddress a(String text) {
    return PeerAddress.parse(text);
  }

  // --- admission -------------------------------------------------------------------------------

  @Test
  void admitsOnlyRoutableIpAddressesInStrictMode() {
    BucketedAddressBook book = book();
    PeerAddress source = a("5.6.7.8:8333");
    assertThat(book.add(a("1.2.3.4:8333"), source)).isTrue();
    assertThat(book.add(a("10.0.0.1:8333"), source)).isFalse();
    assertThat(book.add(a("127.0.0.1:8333"), source)).isFalse();
    assertThat(book.add(a("192.168.1.1:8333"), source)).isFalse();
    assertThat(book.add(a("[fc00::1]:8333"), source)).isFalse();
    assertThat(book.add(a("node.example.org:8333"), source)).isFalse();
    assertThat(book.size()).isEqualTo(1);
    book.checkConsistency();
  }

  @Test
  void nonStrictModeAdmitsPrivateAndLoopbackButNotUnspecifiedOrMulticast() {
    BucketedAddressBook book =
        builder().config(AddressBookConfig.builder().routableOnly(false).build()).build();
    PeerAddress source = a("127.0.0.1:1");
    assertThat(book.add(a("127.0.0.1:9000"), source)).isTrue();
    assertThat(book.add(a("10.0.0.1:9000"), source)).isTrue();
    assertThat(book.add(a("0.0.0.0:9000"), source)).isFalse();
    assertThat(book.add(a("224.0.0.1:9000"), source)).isFalse();
    assertThat(book.add(a("node.example.org:9000"), source)).isFalse();
    book.checkConsistency();
  }

  @Test
  void addReturnsWhatWasInsertedInInputOrder() {
    BucketedAddressBook book = book();
    List<TimestampedAddress> batch = List.of(
        new TimestampedAddress(a("1.2.3.4:1"), clock.instant()),
        new TimestampedAddress(a("10.1.1.1:1"), clock.instant()),
        new TimestampedAddress(a("3.4.5.6:1"), clock.instant()));
    assertThat(book.add(batch, a("9.9.9.9:1"), Duration.ZERO))
        .containsExactly(a("1.2.3.4:1"), a("3.4.5.6:1"));
    // The same batch again brings no new information.
    assertThat(book.add(batch, a("9.9.9.9:1"), Duration.ZERO)).isEmpty();
  }

  @Test
  void rejectsNegativePenalty() {
    assertThatThrownBy(() -> book().add(List.of(), a("1.1.1.1:1"), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timePenalty")
        .hasMessageContaining("PT-1S");
  }

  @Test
  void penaltyAppliesToAnnouncedAddressesButNotToTheSourcesOwn() {
    BucketedAddressBook book = book();
    PeerAddress source = a("9.9.9.9:1");
    book.add(List.of(new TimestampedAddress(a("1.2.3.4:1"), clock.instant()),
        new TimestampedAddress(source, clock.instant())), source, Duration.ofHours(2));
    assertThat(book.entry(a("1.2.3.4:1")).orElseThrow().lastSeen())
        .isEqualTo(clock.instant().minus(Duration.ofHours(2)));
    assertThat(book.entry(source).orElseThrow().lastSeen()).isEqualTo(clock.instant());
  }

  // --- placement (Core: addrman_getnewbucket / addrman_gettriedbucket) ----------------------------

  @Test
  void oneSlash16FromOneSourceLandsInOneNewBucket() {
    BucketedAddressBook book = book();
    PeerAddress source = a("7.7.7.7:1");
    Set<Integer> buckets = new HashSet<>();
    for (int i = 0; i < 255; i++) {
      buckets.add(book.newBucketOf(a("20.1.1." + i + ":8333"), source));
      buckets.add(book.newBucketOf(a("20.1." + i + ".1:" + (1000 + i)), source));
    }
    assertThat(buckets).hasSize(1);
  }

  @Test
  void withGroupBucketingOffOneSlash16FromOneSourceSpreadsOverEveryTable() {
    BucketedAddressBook book = builder()
        .config(AddressBookConfig.defaults().toBuilder().groupBucketing(false).build()).build();
    PeerAddress source = a("7.7.7.7:1");
    Set<Integer> newBuckets = new HashSet<>();
    Set<Integer> triedBuckets = new HashSet<>();
    for (int i = 1; i < 255; i++) {
      newBuckets.add(book.newBucketOf(a("20.1.1." + i + ":8333"), source));
      triedBuckets.add(book.triedBucketOf(a("20.1.1." + i + ":8333")));
    }
    // Grouped, they would share one new bucket and eight tried ones. One source address still
    // reaches at most newBucketsPerSourceGroup (64) new buckets.
    assertThat(newBuckets).hasSizeGreaterThan(32).hasSizeLessThanOrEqualTo(64);
    assertThat(triedBuckets).hasSizeGreaterThan(100);
    // Group filters still see the real group.
    assertThat(book.add(a("20.1.1.1:8333"), source)).isTrue();
    assertThat(book.select(SelectionFilter.builder()
        .excludeGroups(List.of(a("20.1.9.9:1").netGroup())).build())).isEmpty();
    assertThat(book.select()).isPresent();
    book.checkConsistency();
  }

  @Test
  void groupBucketingIsPartOfTheGeometry() {
    AddressBookConfig on = AddressBookConfig.defaults();
    AddressBookConfig off = on.toBuilder().groupBucketing(false).build();
    assertThat(on.groupBucketing()).isTrue();
    assertThat(off.groupBucketing()).isFalse();
    assertThat(on.sameGeometry(off)).isFalse();
    assertThat(off.toString()).contains("groupBucketing=false");
  }

  @Test
  void oneSourceGroupReachesAtMost64NewBuckets() {
    BucketedAddressBook book = book();
    Set<Integer> buckets = new HashSet<>();
    for (int j = 0; j < 4 * 255; j++) {
      buckets.add(book.newBucketOf(a((20 + j / 255) + "." + (j % 255) + ".1.1:8333"),
          a("31.4.1.1:1")));
    }
    assertThat(buckets).hasSizeLessThanOrEqualTo(64).hasSizeGreaterThan(8);
  }

  @Test
  void manySourceGroupsSpreadOneAddressOverMoreThan64NewBuckets() {
    BucketedAddressBook book = book();
    Set<Integer> buckets = new HashSet<>();
    for (int p = 0; p < 255; p++) {
      buckets.add(book.newBucketOf(a("20.1.1.1:8333"), a("30." + p + ".1.1:1")));
    }
    assertThat(buckets).hasSizeGreaterThan(64);
  }

  @Test
  void slash16LandsInExactly8TriedBuckets() {
    BucketedAddressBook book = book();
    Set<Integer> buckets = new HashSet<>();
    for (int i = 0; i < 255; i++) {
      buckets.add(book.triedBucketOf(a("20.1.1." + i + ":8333")));
    }
    assertThat(buckets).hasSize(8);
    Set<Integer> spread = new HashSet<>();
    for (int j = 0; j < 255; j++) {
      spread.add(book.triedBucketOf(a("20." + j + ".1.1:8333")));
    }
    assertThat(spread).hasSizeGreaterThan(8);
  }

  @Test
  void aSlash16NeverExceeds8TriedBucketsForAnyKey() {
    Random random = new Random(1);
    for (int k = 0; k < 20; k++) {
      byte[] key = new byte[16];
      random.nextBytes(key);
      BucketedAddressBook book = BucketedAddressBook.builder().clock(clock).key(key).build();
      Set<Integer> buckets = new HashSet<>();
      for (int i = 0; i < 255; i++) {
        buckets.add(book.triedBucketOf(a("44.7." + i + "." + (255 - i) + ":8333")));
      }
      assertThat(buckets).hasSizeLessThanOrEqualTo(8);
    }
  }

  @Test
  void portsDoNotChangeTheNewBucket() {
    BucketedAddressBook book = book();
    PeerAddress source = a("7.7.7.7:1");
    assertThat(book.newBucketOf(a("20.1.1.1:8333"), source))
        .isEqualTo(book.newBucketOf(a("20.1.1.1:9999"), source));
  }

  @Test
  void theKeyDecidesPlacement() {
    BucketedAddressBook one = book();
    BucketedAddressBook other = BucketedAddressBook.builder().clock(clock)
        .key(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}).build();
    int differ = 0;
    for (int i = 0; i < 50; i++) {
      PeerAddress address = a("20." + i + ".1.1:8333");
      if (one.triedBucketOf(address) != other.triedBucketOf(address)) {
        differ++;
      }
    }
    assertThat(differ).isGreaterThan(40);
  }

  // --- multiplicity (Core: addrman_new_multiplicity) ----------------------------------------------

  @Test
  void multiplicityNeverExceeds8() {
    BucketedAddressBook book = book();
    PeerAddress address = a("20.5.5.5:8333");
    for (int i = 0; i < 400; i++) {
      clock.advance(Duration.ofSeconds(1));
      book.add(List.of(new TimestampedAddress(address, clock.instant())),
          a((30 + i / 250) + "." + (i % 250) + ".1.1:1"), Duration.ZERO);
      assertThat(book.entry(address).orElseThrow().references()).isBetween(1, 8);
      book.checkConsistency();
    }
    // Adding from 400 different groups must have given it several references.
    assertThat(book.entry(address).orElseThrow().references()).isGreaterThan(1);
    assertThat(book.size()).isEqualTo(1);
  }

  // --- attempts, the offline rule, terrible entries ------------------------------------------------

  @Test
  void atMostOneFailureCountsBetweenTwoSuccessesAnywhere() {
    BucketedAddressBook book = book();
    PeerAddress address = a("20.5.5.5:8333");
    PeerAddress other = a("21.5.5.5:8333");
    book.add(address, a("9.9.9.9:1"));
    book.add(other, a("9.9.9.9:1"));
    book.markAttempt(address, true);
    clock.advance(Duration.ofSeconds(1));
    book.markAttempt(address, true);
    book.markAttempt(address, true);
    assertThat(book.entry(address).orElseThrow().attempts()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    book.markGood(other);
    clock.advance(Duration.ofSeconds(1));
    book.markAttempt(address, true);
    book.markAttempt(address, true);
    assertThat(book.entry(address).orElseThrow().attempts()).isEqualTo(2);
    book.markAttempt(address, false);
    assertThat(book.entry(address).orElseThrow().attempts()).isEqualTo(2);
    assertThat(book.entry(address).orElseThrow().lastTry()).contains(clock.instant());
  }

  @Test
  void neverSucceededAfterThreeAttemptsIsTerrible() {
    BucketedAddressBook book = book();
    PeerAddress address = a("20.5.5.5:8333");
    PeerAddress other = a("21.5.5.5:8333");
    book.add(address, a("9.9.9.9:1"));
    book.add(other, a("9.9.9.9:1"));
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      book.markAttempt(address, true);
      clock.advance(Duration.ofSeconds(1));
      book.markGood(other); // a success elsewhere lets the next failure count
    }
    // Tried within the last minute: never terrible.
    assertThat(book.isTerrible(address)).isFalse();
    clock.advance(Duration.ofSeconds(61));
    assertThat(book.isTerrible(address)).isTrue();
  }

  @Test
  void tenFailuresWithoutSuccessForAWeekIsTerrible() {
    BucketedAddressBook book = book();
    PeerAddress address = a("20.5.5.5:8333");
    PeerAddress other = a("21.5.5.5:8333");
    book.add(address, a("9.9.9.9:1"));
    book.add(other, a("9.9.9.9:1"));
    book.markGood(address);
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofHours(1));
      book.markConnected(address); // keeps it inside the horizon
      book.markAttempt(address, true);
      clock.advance(Duration.ofSeconds(1));
      book.markGood(other);
    }
    clock.advance(Duration.ofMinutes(2));
    assertThat(book.entry(address).orElseThrow().attempts()).isEqualTo(10);
    assertThat(book.isTerrible(address)).isFalse(); // last success 10 hours ago
    clock.advance(Duration.ofDays(7));
    book.markConnected(address);
    clock.advance(Duration.ofMinutes(2));
    assertThat(book.isTerrible(address)).isTrue();
  }

  @Test
  void staleAndFutureTimestampsAreTerrible() {
    BucketedAddressBook book = book();
    PeerAddress old = a("20.5.5.5:8333");
    PeerAddress future = a("21.5.5.5:8333");
    PeerAddress fine = a("22.5.5.5:8333");
    book.add(List.of(new TimestampedAddress(old, clock.instant().minus(Duration.ofDays(31))),
        new TimestampedAddress(future, clock.instant().plus(Duration.ofMinutes(11))),
        new TimestampedAddress(fine, clock.instant().plus(Duration.ofMinutes(9)))),
        a("9.9.9.9:1"), Duration.ZERO);
    assertThat(book.isTerrible(old)).isTrue();
    assertThat(book.isTerrible(future)).isTrue();
    assertThat(book.isTerrible(fine)).isFalse();
  }

  /** Two addresses of one /16 that share a new slot when announced by {@code source}. */
  private static PeerAddress[] newSlotPair(BucketedAddressBook book, PeerAddress source) {
    Map<Integer, PeerAddress> seen = new HashMap<>();
    for (int i = 0; i < 65_000; i++) {
      PeerAddress candidate = a("20.9." + (i / 250) + "." + (i % 250 + 1) + ":8333");
      PeerAddress previous = seen.putIfAbsent(book.newSlotOf(candidate, source), candidate);
      if (previous != null) {
        return new PeerAddress[] {previous, candidate};
      }
    }
    throw new AssertionError("no new-slot collision found");
  }

  @Test
  void aHealthyOccupantKeepsItsNewSlot() {
    BucketedAddressBook book = book();
    PeerAddress source = a("9.9.9.9:1");
    PeerAddress[] pair = newSlotPair(book, source);
    assertThat(book.add(pair[0], source)).isTrue();
    assertThat(book.add(pair[1], source)).isFalse();
    assertThat(book.contains(pair[0])).isTrue();
    assertThat(book.contains(pair[1])).isFalse();
    book.checkConsistency();
  }

  @Test
  void aTerribleOccupantLosesItsNewSlotToANewcomer() {
    BucketedAddressBook book = book();
    PeerAddress source = a("9.9.9.9:1");
    PeerAddress[] pair = newSlotPair(book, source);
    book.add(List.of(new TimestampedAddress(pair[0], clock.instant().minus(Duration.ofDays(31)))),
        source, Duration.ZERO);
    assertThat(book.isTerrible(pair[0])).isTrue();
    assertThat(book.add(pair[1], source)).isTrue();
    assertThat(book.contains(pair[0])).isFalse();
    assertThat(book.contains(pair[1])).isTrue();
    book.checkConsistency();
  }

  @Test
  void anEvictFirstOccupantLosesItsNewSlotToANewcomer() {
    Set<PeerAddress> discouraged = new HashSet<>();
    BucketedAddressBook book = builder().evictFirst(discouraged::contains).build();
    PeerAddress source = a("9.9.9.9:1");
    PeerAddress[] pair = newSlotPair(book, source);
    book.add(pair[0], source);
    discouraged.add(pair[0]);
    assertThat(book.add(pair[1], source)).isTrue();
    assertThat(book.contains(pair[0])).isFalse();
    book.checkConsistency();
  }

  // --- good, tried, test-before-evict (Core: addrman_tried_collisions, addrman_evictionworks) -------

  @Test
  void goodPromotesToTried() {
    BucketedAddressBook book = book();
    PeerAddress address = a("20.5.5.5:8333");
    assertThat(book.markGood(address)).isEqualTo(AddressBook.GoodOutcome.UNKNOWN);
    book.add(address, a("9.9.9.9:1"));
    assertThat(book.markGood(address)).isEqualTo(AddressBook.GoodOutcome.PROMOTED);
    assertThat(book.markGood(address)).isEqualTo(AddressBook.GoodOutcome.ALREADY_TRIED);
    AddressBookEntry entry = book.entry(address).orElseThrow();
    assertThat(entry.table()).isEqualTo(AddressBook.Table.TRIED);
    assertThat(entry.references()).isZero();
    assertThat(entry.lastSuccess()).contains(clock.instant());
    assertThat(book.size(AddressBook.Table.TRIED)).isEqualTo(1);
    assertThat(book.size(AddressBook.Table.NEW)).isZero();
    assertThat(book.size(AddressBook.Table.TRIED, PeerAddress.Type.IPV4)).isEqualTo(1);
    assertThat(book.size(AddressBook.Table.TRIED, PeerAddress.Type.IPV6)).isZero();
    book.checkConsistency();
  }

  /** Two addresses of one /16 that hash to the same tried slot under the test key. */
  private PeerAddress[] triedSlotPair(BucketedAddressBook book) {
    Map<Long, PeerAddress> seen = new HashMap<>();
    for (int i = 0; i < 65_000; i++) {
      PeerAddress candidate = a("20.9." + (i / 250) + "." + (i % 250 + 1) + ":8333");
      long position = (long) book.triedBucketOf(candidate) * 1000 + book.triedSlotOf(candidate);
      PeerAddress previous = seen.putIfAbsent(position, candidate);
      if (previous != null) {
        return new PeerAddress[] {previous, candidate};
      }
    }
    throw new AssertionError("no tried collision found");
  }

  @Test
  void aRecentlyGoodOccupantKeepsItsTriedSlot() {
    BucketedAddressBook book = book();
    PeerAddress[] pair = triedSlotPair(book);
    PeerAddress occupant = pair[0];
    PeerAddress newcomer = pair[1];
    book.add(occupant, a("9.9.9.9:1"));
    book.add(newcomer, a("8.8.8.8:1"));
    assertThat(book.markGood(occupant)).isEqualTo(AddressBook.GoodOutcome.PROMOTED);
    assertThat(book.markGood(newcomer)).isEqualTo(AddressBook.GoodOutcome.COLLISION);
    assertThat(book.collisionToTest().orElseThrow().address()).isEqualTo(occupant);
    assertThat(book.resolveCollisions()).isEqualTo(1); // occupant good just now: it stays
    assertThat(book.entry(occupant).orElseThrow().table()).isEqualTo(AddressBook.Table.TRIED);
    assertThat(book.entry(newcomer).orElseThrow().table()).isEqualTo(AddressBook.Table.NEW);
    assertThat(book.collisionToTest()).isEmpty();
    book.checkConsistency();
  }

  @Test
  void anOccupantThatFailsItsTestIsReplaced() {
    BucketedAddressBook book = book();
    PeerAddress[] pair = triedSlotPair(book);
    PeerAddress occupant = pair[0];
    PeerAddress newcomer = pair[1];
    book.add(occupant, a("9.9.9.9:1"));
    book.add(newcomer, a("8.8.8.8:1"));
    book.markGood(occupant);
    clock.advance(Duration.ofHours(5));
    book.markConnected(occupant);
    assertThat(book.markGood(newcomer)).isEqualTo(AddressBook.GoodOutcome.COLLISION);
    // The feeler tries the occupant, which does not answer.
    book.markAttempt(occupant, true);
    assertThat(book.resolveCollisions()).isZero(); // within the 60 s grace: undecided
    clock.advance(Duration.ofSeconds(61));
    assertThat(book.resolveCollisions()).isEqualTo(1);
    assertThat(book.entry(newcomer).orElseThrow().table()).isEqualTo(AddressBook.Table.TRIED);
    // The occupant is not lost: it went back to the new table.
    assertThat(book.entry(occupant).orElseThrow().table()).isEqualTo(AddressBook.Table.NEW);
    book.checkConsistency();
  }

  @Test
  void anUntestedCollisionIsWonByTheNewcomerAfterTheTestWindow() {
    BucketedAddressBook book = book();
    PeerAddress[] pair = triedSlotPair(book);
    book.add(pair[0], a("9.9.9.9:1"));
    book.add(pair[1], a("8.8.8.8:1"));
    book.markGood(pair[0]);
    clock.advance(Duration.ofHours(5));
    book.markGood(pair[1]);
    clock.advance(Duration.ofMinutes(39));
    assertThat(book.resolveCollisions()).isZero();
    clock.advance(Duration.ofMinutes(2));
    assertThat(book.resolveCollisions()).isEqualTo(1);
    assertThat(book.entry(pair[1]).orElseThrow().table()).isEqualTo(AddressBook.Table.TRIED);
    book.checkConsistency();
  }

  @Test
  void theCollisionSetIsBounded() {
    BucketedAddressBook book =
        builder().config(AddressBookConfig.builder().tables(64, 1, 1).maxCollisions(3)
            .triedBucketsPerGroup(1).newBucketsPerSourceGroup(8).build()).build();
    // One tried slot in all: every promotion after the first collides.
    int promoted = 0;
    int collided = 0;
    for (int i = 0; i < 50; i++) {
      PeerAddress address = a((20 + i) + ".1.1.1:8333");
      if (book.add(address, a((100 + i) + ".1.1.1:1"))) {
        AddressBook.GoodOutcome outcome = book.markGood(address);
        promoted += outcome == AddressBook.GoodOutcome.PROMOTED ? 1 : 0;
        collided += outcome == AddressBook.GoodOutcome.COLLISION ? 1 : 0;
      }
      book.checkConsistency();
    }
    assertThat(promoted).isEqualTo(1);
    assertThat(collided).isGreaterThan(3);
    assertThat(book.snapshot().collisions()).hasSize(3);
  }

  @Test
  void removeTakesAnAddressOutOfEitherTable() {
    BucketedAddressBook book = book();
    PeerAddress fresh = a("20.5.5.5:8333");
    PeerAddress tried = a("21.5.5.5:8333");
    book.add(fresh, a("9.9.9.9:1"));
    book.add(tried, a("9.9.9.9:1"));
    book.markGood(tried);
    assertThat(book.remove(fresh)).isTrue();
    assertThat(book.remove(tried)).isTrue();
    assertThat(book.remove(tried)).isFalse();
    assertThat(book.size()).isZero();
    assertThat(book.select()).isEmpty();
    book.checkConsistency();
  }

  // --- selection ----------------------------------------------------------------------------------

  @Test
  void selectsFromAnAlmostEmptyBook() {
    BucketedAddressBook book = book();
    assertThat(book.select()).isEmpty();
    book.add(a("20.5.5.5:8333"), a("9.9.9.9:1"));
    for (int i = 0; i < 100; i++) {
      assertThat(book.select().orElseThrow().address()).isEqualTo(a("20.5.5.5:8333"));
    }
    assertThat(book.select(SelectionFilter.builder().families(PeerAddress.Type.IPV6).build()))
        .isEmpty();
  }

  @Test
  void selectionHonoursTheTriedBias() {
    BucketedAddressBook book =
        builder().config(AddressBookConfig.builder().triedBias(0.85).build()).build();
    for (int i = 0; i < 200; i++) {
      PeerAddress address = a((20 + i % 100) + "." + i + ".1.1:8333");
      book.add(address, a((120 + i % 50) + ".1.1.1:1"));
      if (i % 2 == 0) {
        book.markGood(address);
      }
    }
    clock.advance(Duration.ofHours(1)); // the goods are no longer "recent tries"
    int tried = 0;
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      if (book.select().orElseThrow().table() == AddressBook.Table.TRIED) {
        tried++;
      }
    }
    assertThat(tried / (double) draws).isBetween(0.83, 0.87);
    int overridden = 0;
    SelectionFilter newLeaning = SelectionFilter.builder().triedBias(0.1).build();
    for (int i = 0; i < draws; i++) {
      if (book.select(newLeaning).orElseThrow().table() == AddressBook.Table.TRIED) {
        overridden++;
      }
    }
    assertThat(overridden / (double) draws).isBetween(0.08, 0.12);
  }

  @Test
  void recentlyTriedAndFailingAddressesArePickedLessOften() {
    BucketedAddressBook book = book();
    PeerAddress healthy = a("20.5.5.5:8333");
    PeerAddress recent = a("21.5.5.5:8333");
    book.add(healthy, a("9.9.9.9:1"));
    book.add(recent, a("9.9.9.9:1"));
    book.markAttempt(recent, false);
    int recentPicks = 0;
    for (int i = 0; i < 10_000; i++) {
      if (book.select().orElseThrow().address().equals(recent)) {
        recentPicks++;
      }
    }
    // Chance 0.01 against 1.0, with the 1.2 growth factor helping the loser a little.
    assertThat(recentPicks).isBetween(1, 800);
  }

  @Test
  void theSelectFilterIsNeverViolated() {
    BucketedAddressBook book = book();
    Random random = new Random(3);
    List<PeerAddress> all = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      PeerAddress address = i % 3 == 0
          ? a("[2a0" + (i % 7) + ":" + Integer.toHexString(i) + "::" + (i + 1) + "]:8333")
          : a((20 + i % 40) + "." + (i % 7) + "." + i / 7 % 250 + ".1:8333");
      if (book.add(address, a((100 + i % 30) + ".2.2.2:1"))) {
        all.add(address);
      }
      if (random.nextInt(4) == 0) {
        book.markGood(address);
      }
    }
    for (int round = 0; round < 300; round++) {
      SelectionFilter.Builder b = SelectionFilter.builder();
      if (random.nextBoolean()) {
        b.families(random.nextBoolean() ? PeerAddress.Type.IPV4 : PeerAddress.Type.IPV6);
      }
      Set<NetGroup> groups = new HashSet<>();
      for (int g = random.nextInt(30); g > 0; g--) {
        groups.add(all.get(random.nextInt(all.size())).netGroup());
      }
      b.excludeGroups(groups);
      int modulus = 1 + random.nextInt(20);
      b.exclude(address -> address.hashCode() % modulus != 0);
      if (random.nextInt(5) == 0) {
        b.newOnly();
      }
      SelectionFilter filter = b.build();
      boolean anyMatch = false;
      for (PeerAddress address : all) {
        AddressBookEntry entry = book.entry(address).orElseThrow();
        if (filter.accepts(address)
            && (!filter.newOnly() || entry.table() == AddressBook.Table.NEW)) {
          anyMatch = true;
        }
      }
      var selected = book.select(filter);
      assertThat(selected.isPresent()).isEqualTo(anyMatch);
      selected.ifPresent(entry -> {
        assertThat(filter.accepts(entry.address())).isTrue();
        if (filter.newOnly()) {
          assertThat(entry.table()).isEqualTo(AddressBook.Table.NEW);
        }
      });
    }
  }

  @Test
  void excludeTriedAfterSkipsEntriesTriedSinceThatInstantAndNoOthers() {
    BucketedAddressBook book = book();
    List<PeerAddress> tried = new ArrayList<>();
    List<PeerAddress> untried = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      PeerAddress address = a((20 + i % 50) + "." + i / 50 + ".3.1:8333");
      if (book.add(address, a((160 + i % 40) + ".1.1.1:1"))) {
        (i % 2 == 0 ? tried : untried).add(address);
      }
    }
    assertThat(untried).hasSizeGreaterThan(150);
    Instant before = clock.instant();
    clock.advance(Duration.ofSeconds(10));
    tried.forEach(address -> book.markAttempt(address, true));
    Instant attempts = clock.instant();
    clock.advance(Duration.ofSeconds(10));
    SelectionFilter skipTried = SelectionFilter.builder().excludeTriedAfter(before).build();
    SelectionFilter atTheAttempt = SelectionFilter.builder().excludeTriedAfter(attempts).build();
    assertThat(skipTried.rejectsIndividually()).isTrue();
    assertThat(skipTried.excludedTriedAfter()).contains(before);
    Set<PeerAddress> picked = new HashSet<>();
    Set<PeerAddress> pickedAtTheAttempt = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      picked.add(book.select(skipTried).orElseThrow().address());
      pickedAtTheAttempt.add(book.select(atTheAttempt).orElseThrow().address());
    }
    assertThat(picked).doesNotContainAnyElementsOf(tried).hasSizeGreaterThan(100);
    // "After" is strict: an attempt exactly at the instant does not exclude.
    assertThat(pickedAtTheAttempt).containsAnyElementsOf(tried);
    // Every entry tried: the limit empties the book for this select, which says so.
    untried.forEach(address -> book.markAttempt(address, true));
    assertThat(book.select(skipTried)).isEmpty();
  }

  /**
   * A filter that rejects a whole table (here everything tried, as when every tried entry was dialled a
   * moment ago) must not make each select pay for a pass over that table: before drawing from the
   * other table came ahead of the scans, each such select asked the predicate about every tried entry
   * and then every new one.
   */
  @Test
  void aFilterThatEmptiesTheChosenTableDrawsFromTheOtherBeforeScanning() {
    BucketedAddressBook book = book();
    Set<PeerAddress> good = new HashSet<>();
    for (int i = 0; i < 3_000; i++) {
      PeerAddress address = a((20 + i % 100) + "." + i / 100 + ".5.1:8333");
      book.add(address, a((160 + i % 40) + ".1.1.1:1"));
      if (i % 3 == 0) {
        book.markGood(address);
        good.add(address);
      }
    }
    int triedCount = book.size(AddressBook.Table.TRIED);
    assertThat(triedCount).isGreaterThan(500);
    AtomicInteger asked = new AtomicInteger();
    SelectionFilter skipTried = SelectionFilter.builder().triedBias(1.0)
        .exclude(address -> {
          asked.incrementAndGet();
          return good.contains(address);
        })
        .build();
    for (int i = 0; i < 100; i++) {
      asked.set(0);
      AddressBookEntry entry = book.select(skipTried).orElseThrow();
      assertThat(entry.table()).isEqualTo(AddressBook.Table.NEW);
      assertThat(asked.get()).as("predicate calls of one select").isLessThanOrEqualTo(128);
    }
  }

  @Test
  void selectTerminatesWhenTheFilterRejectsEverything() {
    BucketedAddressBook book = book();
    for (int i = 0; i < 1000; i++) {
      book.add(a((20 + i % 50) + "." + i / 50 + ".1.1:8333"), a("9.9.9.9:1"));
    }
    assertThat(book.select(SelectionFilter.builder().exclude(address -> true).build())).isEmpty();
  }

  // --- sharing --------------------------------------------------------------------------------------

  private BucketedAddressBook filledBook(BucketedAddressBook book, int count) {
    for (int i = 0; i < count; i++) {
      // First octets 20-119: all public, none loopback.
      book.add(a((20 + i % 100) + "." + (i / 100) + ".1.1:8333"), a((160 + i % 40) + ".1.1.1:1"));
    }
    return book;
  }

  @Test
  void shareLimitsHold() {
    BucketedAddressBook book = filledBook(book(), 1000);
    int size = book.size();
    assertThat(size).isGreaterThan(900);
    assertThat(book.addressesToShare(2500, 23)).hasSize(size * 23 / 100);
    assertThat(book.addressesToShare(100, 50)).hasSize(100).doesNotHaveDuplicates();
    assertThat(book.addressesToShare(1, 1)).hasSize(1);
    assertThatThrownBy(() -> book.addressesToShare(0, 23))
        .hasMessageContaining("maxAddresses must be at least 1, was 0");
    assertThatThrownBy(() -> book.addressesToShare(10, 101))
        .hasMessageContaining("maxPercent must be within 1-100, was 101");
  }

  @Test
  void aSmallBookSharesAtLeastTheFloorDespiteThePercentageCap() {
    // 23% of four addresses is none: a ten-node network using peer exchange never learnt of itself.
    BucketedAddressBook tiny = filledBook(book(), 4);
    assertThat(tiny.addressesToShare(1000, 23)).hasSize(4);
    // Above the floor the percentage rules (shareLimitsHold: 23% of a thousand is 230).
    BucketedAddressBook hundred = filledBook(book(), 100);
    assertThat(hundred.addressesToShare(1000, 10)).hasSize(AddressBook.SHARE_FLOOR);
    assertThat(hundred.addressesToShare(10, 10)).as("maxAddresses still caps").hasSize(10);
  }

  @Test
  void terribleAndHiddenAddressesAreNeverShared() {
    Set<PeerAddress> hidden = new HashSet<>();
    BucketedAddressBook book = builder().hideFromSharing(hidden::contains).build();
    filledBook(book, 300);
    PeerAddress stale = a("99.1.1.1:1");
    book.add(List.of(new TimestampedAddress(stale, clock.instant().minus(Duration.ofDays(60)))),
        a("9.9.9.9:1"), Duration.ZERO);
    PeerAddress banned = a("20.0.1.1:8333");
    hidden.add(banned);
    for (int i = 0; i < 50; i++) {
      List<PeerAddress> shared = book.addressesToShare(1000, 100);
      assertThat(shared).doesNotContain(stale, banned);
      assertThat(shared).hasSize(book.size() - 2);
    }
  }

  @Test
  void aNonStrictBookSharesItsPrivateAddresses() {
    BucketedAddressBook book =
        builder().config(AddressBookConfig.builder().routableOnly(false).build()).build();
    PeerAddress lan = a("10.1.1.1:1");
    PeerAddress loopback = a("127.0.0.1:2");
    book.add(lan, a("10.9.9.9:1"));
    book.add(loopback, a("10.9.9.9:1"));
    assertThat(book.addressesToShare(1000, 100)).containsExactlyInAnyOrder(lan, loopback);
  }

  @Test
  void answersAreCachedPerRequesterClassUntilTheyExpire() {
    BucketedAddressBook book = builder()
        .config(AddressBookConfig.builder().shareLimits(50, 23).shareCache(Duration.ofHours(24), 8)
            .build()).build();
    filledBook(book, 1000);
    List<PeerAddress> first = book.addressesToShare("ipv4");
    assertThat(first).hasSize(50);
    clock.advance(Duration.ofHours(23));
    assertThat(book.addressesToShare("ipv4")).isEqualTo(first);
    assertThat(book.addressesToShare("ipv6")).isNotEqualTo(first);
    clock.advance(Duration.ofHours(2));
    assertThat(book.addressesToShare("ipv4")).isNotEqualTo(first).hasSize(50);
  }

  @Test
  void theLeastRecentlyUsedRequesterClassIsForgottenFirst() {
    BucketedAddressBook book = builder()
        .config(AddressBookConfig.builder().shareLimits(50, 23).shareCache(Duration.ofHours(24), 2)
            .build()).build();
    filledBook(book, 1000);
    List<PeerAddress> a = book.addressesToShare("a");
    List<PeerAddress> b = book.addressesToShare("b");
    assertThat(book.addressesToShare("a")).isSameAs(a); // "a" is now the most recently used
    book.addressesToShare("c"); // a third class: "b" goes, every time, whatever the thread's random
    assertThat(book.addressesToShare("a")).isSameAs(a);
    assertThat(book.addressesToShare("b")).isNotSameAs(b).isNotEqualTo(b);
  }

  // --- snapshots ------------------------------------------------------------------------------------

  private BucketedAddressBook richBook() {
    BucketedAddressBook book = book();
    Random random = new Random(11);
    for (int i = 0; i < 3000; i++) {
      PeerAddress address = i % 4 == 0
          ? a("[2a01:" + Integer.toHexString(i % 97) + "::" + Integer.toHexString(i) + "]:8333")
          : a((20 + i % 120) + "." + (i % 13) + "." + (i / 13 % 250) + ".1:" + (1 + i % 5));
      clock.advance(Duration.ofSeconds(1));
      book.add(List.of(new TimestampedAddress(address, clock.instant())),
          a((130 + random.nextInt(60)) + "." + random.nextInt(250) + ".1.1:1"),
          Duration.ofMinutes(random.nextInt(120)));
      switch (random.nextInt(6)) {
        case 0 -> book.markGood(address);
        case 1 -> book.markAttempt(address, true);
        default -> { }
      }
    }
    return book;
  }

  @Test
  void aSnapshotRestoresIdenticalPlacement() {
    BucketedAddressBook original = richBook();
    AddressBookSnapshot snapshot = original.snapshot();
    BucketedAddressBook restored = BucketedAddressBook.builder().clock(clock).build();
    assertThat(restored.restore(snapshot)).isZero();
    restored.checkConsistency();
    assertThat(restored.size()).isEqualTo(original.size());
    assertThat(restored.snapshot().key()).isEqualTo(snapshot.key());
    assertThat(byAddress(restored.snapshot())).isEqualTo(byAddress(snapshot));
    for (AddressBookSnapshot.Entry e : snapshot.entries()) {
      assertThat(restored.entry(e.address())).isEqualTo(original.entry(e.address()));
    }
  }

  @Test
  void restoredCountersAndTimesAtTheirLimitsNeitherOverflowNorBreakSelectOrSnapshot() {
    BucketedAddressBook original = book();
    PeerAddress address = a("1.2.3.4:8333");
    original.add(address, a("5.6.7.8:8333"));
    AddressBookSnapshot saved = original.snapshot();
    AddressBookSnapshot.Entry e = saved.entries().get(0);
    // A damaged or hostile store: a counter at its maximum, times at the ends of Instant's range.
    AddressBookSnapshot.Entry extreme = new AddressBookSnapshot.Entry(e.address(), e.source(),
        Instant.MAX, Optional.of(Instant.MAX), Optional.empty(), Optional.of(Instant.MIN),
        Integer.MAX_VALUE, false, e.newBuckets());
    AddressBookSnapshot damaged = new AddressBookSnapshot(saved.key(), saved.newBuckets(),
        saved.triedBuckets(), saved.bucketSize(), saved.newBucketsPerSourceGroup(),
        saved.triedBucketsPerGroup(), Optional.of(Instant.MAX), List.of(extreme), List.of());
    BucketedAddressBook book = book();
    assertThat(book.restore(damaged)).isZero();

    clock.advance(Duration.ofMinutes(1));
    book.markAttempt(address, true); // one more counted failure: saturates, never wraps to negative
    AddressBookEntry entry = book.entry(address).orElseThrow();
    assertThat(entry.attempts()).isEqualTo(Integer.MAX_VALUE);
    // Times from the future are taken as "now" of the restore, never years ahead.
    assertThat(entry.lastSeen()).isBeforeOrEqualTo(clock.instant());
    assertThat(entry.lastTry()).hasValueSatisfying(t -> assertThat(t).isBeforeOrEqualTo(clock.instant()));
    assertThat(entry.lastSuccess()).hasValueSatisfying(t -> assertThat(t).isAfter(Instant.MIN));
    book.checkConsistency();
    for (int i = 0; i < 100; i++) {
      book.select(); // may find nothing worth trying, but must not throw
    }
    assertThat(book.snapshot().entries()).singleElement()
        .satisfies(s -> assertThat(s.attempts()).isEqualTo(Integer.MAX_VALUE));
  }

  @Test
  void restoringIntoOtherTableSizesRebuckets() {
    BucketedAddressBook original = richBook();
    AddressBookSnapshot snapshot = original.snapshot();
    BucketedAddressBook small = BucketedAddressBook.builder().clock(clock)
        .config(AddressBookConfig.builder().tables(128, 32, 32).build()).build();
    int dropped = small.restore(snapshot);
    small.checkConsistency();
    assertThat(small.size() + dropped).isEqualTo(snapshot.entries().size());
    assertThat(small.size()).isGreaterThan(snapshot.entries().size() / 2);
    // And back into the default geometry: only entries whose re-computed slot is taken are lost.
    BucketedAddressBook big = BucketedAddressBook.builder().clock(clock).build();
    int lostAgain = big.restore(small.snapshot());
    big.checkConsistency();
    assertThat(big.size() + lostAgain).isEqualTo(small.size());
    assertThat(lostAgain).isLessThan(small.size() / 100);
  }

  @Test
  void snapshotHidesItsKey() {
    AddressBookSnapshot snapshot = book().snapshot();
    assertThat(snapshot.toString()).doesNotContain("1, 2, 3").doesNotContain("key");
    byte[] key = snapshot.key();
    key[0] = 99;
    assertThat(snapshot.key()[0]).isEqualTo((byte) 1);
  }

  private static Map<PeerAddress, AddressBookSnapshot.Entry> byAddress(AddressBookSnapshot s) {
    Map<PeerAddress, AddressBookSnapshot.Entry> map = new HashMap<>();
    for (AddressBookSnapshot.Entry e : s.entries()) {
      map.put(e.address(), new AddressBookSnapshot.Entry(e.address(), e.source(), e.lastSeen(),
          e.lastTry(), e.lastCountedAttempt(), e.lastSuccess(), e.attempts(), e.tried(),
          e.newBuckets().stream().sorted().toList()));
    }
    return map;
  }
}
