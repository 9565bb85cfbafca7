package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.book.AddressBookSnapshot;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.store.json.StoreWarning.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values a file can hold but the node cannot use: a count so large that the next failure overflows
 * it, a time so far from now that time arithmetic overflows. The store never hands them on: a count
 * above its maximum loads as the maximum, a time outside 1970..9999 loads as the nearest end of
 * that range, each with a {@link Kind#VALUE_CLAMPED} warning naming the entry, the member, the
 * value and the range; a negative count drops its entry as before. Nothing else is lost.
 */
class OutOfRangeValueTest {
  private static final int MAX_ATTEMPTS = 1_000_000;
  private static final String T = "2026-01-01T00:00:00Z";
  private static final Instant FIRST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");
  private static final String KEY = "\"key\": \"000102030405060708090a0b0c0d0e0f\"";
  private static final String GEOMETRY =
      "\"newBuckets\": 1024, \"triedBuckets\": 256,"
          + " \"bucketSize\": 64, \"newBucketsPerSourceGroup\": 64, \"triedBucketsPerGroup\": 8";
  private static final String STATS =
      "{\"connections\": 0, \"failures\": 0, \"bytesIn\": 0, \"bytesOut\": 0,"
          + " \"reliability\": 0.5}";

  /** Present in every document, to show the other sections load. */
  private static final String ANCHORS = "\"anchors\": [\"3.3.3.3:3\"]";

  @TempDir Path dir;

  private PeerSnapshot load(String content, List<StoreWarning> warnings) throws Exception {
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), Documents.document(content));
    try (JsonPeerStore store = JsonPeerStore.open(dir)) {
      PeerSnapshot snapshot = store.load();
      warnings.addAll(store.lastLoadWarnings());
      return snapshot;
    }
  }

  private static String bookEntry(int i, String attempts, String times) {
    return "{\"address\": \"9.9.9."
        + i
        + ":1\", \"source\": \"8.8.8.8:1\", \"lastSeen\": \""
        + T
        + "\", "
        + times
        + "\"attempts\": "
        + attempts
        + ", \"tried\": false, \"newBuckets\": [1]}";
  }

  private static String book(String... entries) {
    return "{\"addressBook\": {"
        + KEY
        + ", "
        + GEOMETRY
        + ", \"entries\": ["
        + String.join(", ", entries)
        + "]}, "
        + ANCHORS
        + "}";
  }

  private static List<AddressBookSnapshot.Entry> entries(PeerSnapshot s) {
    return s.addressBook().orElseThrow().entries();
  }

  static Stream<Arguments> hugeCounts() {
    return Stream.of(
        arguments("1000001"),
        arguments("2147483647"),
        arguments("2147483648"),
        arguments("9223372036854775807"),
        arguments("99999999999999999999999"));
  }

  @ParameterizedTest(name = "attempts {0}")
  @MethodSource("hugeCounts")
  void aHugeAttemptCountLoadsAsTheMaximumWithAWarning(String attempts) throws Exception {
    List<StoreWarning> warnings = new ArrayList<>();
    PeerSnapshot loaded =
        load(
            book(bookEntry(1, "3", ""), bookEntry(2, attempts, ""), bookEntry(3, "0", "")),
            warnings);
    assertThat(entries(loaded))
        .extracting(AddressBookSnapshot.Entry::attempts)
        .containsExactly(3, MAX_ATTEMPTS, 0);
    assertThat(warnings)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.kind()).isEqualTo(Kind.VALUE_CLAMPED);
              assertThat(w.file()).isEqualTo(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
              assertThat(w.message())
                  .contains(
                      "addressBook.entries[1]",
                      "'attempts'",
                      attempts,
                      "at most 1000000",
                      "loaded as 1000000");
            });
    assertThat(loaded.anchors()).containsExactly(PeerAddress.parse("3.3.3.3:3"));
  }

  @Test
  void theMaximumItselfLoadsWithoutAWarning() throws Exception {
    List<StoreWarning> warnings = new ArrayList<>();
    PeerSnapshot loaded = load(book(bookEntry(1, "1000000", "")), warnings);
    assertThat(entries(loaded))
        .extracting(AddressBookSnapshot.Entry::attempts)
        .containsExactly(MAX_ATTEMPTS);
    assertThat(warnings).isEmpty();
  }

  @ParameterizedTest(name = "attempts {0}")
  @MethodSource("negativeCounts")
  void aNegativeAttemptCountDropsOnlyItsEntry(String attempts) throws Exception {
    List<StoreWarning> warnings = new ArrayList<>();
    PeerSnapshot loaded =
        load(
            book(bookEntry(1, "3", ""), bookEntry(2, attempts, ""), bookEntry(3, "0", "")),
            warnings);
    assertThat(entries(loaded))
        .extracting(AddressBookSnapshot.Entry::attempts)
        .containsExactly(3, 0);
    assertThat(warnings)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.kind()).isEqualTo(Kind.ENTRY_DROPPED);
              assertThat(w.message())
                  .contains("addressBook.entries[1]", "'attempts' is " + attempts, "0 or more");
            });
  }

  static Stream<Arguments> negativeCounts() {
    return Stream.of(
        arguments("-1"), arguments("-2147483649"), arguments("-99999999999999999999999"));
  }

  /** A time member of some entry: how to write it and how to read it back. */
  private record TimeCase(
      String name,
      String where,
      Function<String, String> content,
      Function<PeerSnapshot, Instant> read) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<TimeCase> timeMembers() {
    return Stream.of(
        new TimeCase(
            "savedAt",
            "savedAt",
            t -> "{\"savedAt\": \"" + t + "\", " + ANCHORS + "}",
            s -> s.savedAt().orElseThrow()),
        new TimeCase(
            "a peer's addedAt",
            "peers[0]",
            t ->
                "{\"peers\": [{\"id\": \"a\", \"addresses\": [\"5.6.7.8:80\"], \"source\":"
                    + " \"MANUAL\", \"network\": \"main\", \"addedAt\": \""
                    + t
                    + "\"}], "
                    + ANCHORS
                    + "}",
            s -> s.peers().get(0).addedAt()),
        new TimeCase(
            "a book entry's lastSeen",
            "addressBook.entries[0]",
            t -> book(bookEntry(1, "0", "").replace(T, t)),
            s -> entries(s).get(0).lastSeen()),
        new TimeCase(
            "a book entry's lastTry",
            "addressBook.entries[0]",
            t -> book(bookEntry(1, "0", "\"lastTry\": \"" + t + "\", ")),
            s -> entries(s).get(0).lastTry().orElseThrow()),
        new TimeCase(
            "a book entry's lastCountedAttempt",
            "addressBook.entries[0]",
            t -> book(bookEntry(1, "0", "\"lastCountedAttempt\": \"" + t + "\", ")),
            s -> entries(s).get(0).lastCountedAttempt().orElseThrow()),
        new TimeCase(
            "the book's lastGood",
            "addressBook",
            t ->
                "{\"addressBook\": {"
                    + KEY
                    + ", "
                    + GEOMETRY
                    + ", \"lastGood\": \""
                    + t
                    + "\"}, "
                    + ANCHORS
                    + "}",
            s -> s.addressBook().orElseThrow().lastGood().orElseThrow()),
        new TimeCase(
            "a cached peer's lastConnected",
            "cachedPeers[0]",
            t ->
                "{\"cachedPeers\": [{\"address\": \"1.2.3.4:5\", \"lastConnected\": \""
                    + t
                    + "\", \"statistics\": "
                    + STATS
                    + "}], "
                    + ANCHORS
                    + "}",
            s -> s.cachedPeers().get(0).lastConnected()),
        new TimeCase(
            "a score's updatedAt",
            "scores[0]",
            t ->
                "{\"scores\": [{\"address\": \"1.2.3.4:5\", \"successes\": 1, \"failures\": 0,"
                    + " \"latencySampleWeight\": 0, \"throughputSampleWeight\": 0,"
                    + " \"misbehaviourPoints\": 0, \"updatedAt\": \""
                    + t
                    + "\", \"connected\": true}], "
                    + ANCHORS
                    + "}",
            s -> s.scores().values().iterator().next().updatedAt()),
        new TimeCase(
            "a ban history record's at",
            "bans.history[0]",
            t ->
                "{\"bans\": {\"bans\": [], \"history\": [{\"action\": \"BANNED\", \"at\": \""
                    + t
                    + "\", \"ban\": {\"subnet\": \"7.7.0.0/16\", \"created\": \""
                    + T
                    + "\", \"reason\": \"r\", \"evidence\": []}}]}, "
                    + ANCHORS
                    + "}",
            s -> s.bans().orElseThrow().history().get(0).at()));
  }

  static Stream<Arguments> outOfRangeTimes() {
    List<Arguments> all = new ArrayList<>();
    List<String[]> times =
        List.of(
            new String[] {"+1000000000-12-31T23:59:59.999999999Z", "last"},
            new String[] {"+10000-01-01T00:00:00Z", "last"},
            new String[] {"-1000000000-01-01T00:00:00Z", "first"},
            new String[] {"1969-12-31T23:59:59.999999999Z", "first"},
            new String[] {"0000-01-01T00:00:00Z", "first"});
    timeMembers()
        .forEach(
            member -> {
              for (String[] time : times) {
                all.add(arguments(member, time[0], time[1].equals("last") ? LAST : FIRST));
              }
            });
    return all.stream();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("outOfRangeTimes")
  void aTimeOutsideTheRangeLoadsAsTheNearestEndWithAWarning(
      TimeCase member, String text, Instant expected) throws Exception {
    List<StoreWarning> warnings = new ArrayList<>();
    PeerSnapshot loaded = load(member.content().apply(text), warnings);
    assertThat(member.read().apply(loaded)).isEqualTo(expected);
    assertThat(warnings)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.kind()).isEqualTo(Kind.VALUE_CLAMPED);
              assertThat(w.message())
                  .contains(
                      member.where() + ": ",
                      text,
                      "expected a time from 1970-01-01T00:00:00Z to"
                          + " 9999-12-31T23:59:59.999999999Z",
                      "loaded as " + expected);
            });
    assertThat(loaded.anchors()).containsExactly(PeerAddress.parse("3.3.3.3:3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("timeMembers")
  void theEndsOfTheRangeLoadWithoutAWarning(TimeCase member) throws Exception {
    for (Instant end : List.of(FIRST, LAST)) {
      List<StoreWarning> warnings = new ArrayList<>();
      PeerSnapshot loaded = load(member.content().apply(end.toString()), warnings);
      assertThat(member.read().apply(loaded)).isEqualTo(end);
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  void aBanUntilTheEndOfTimeStaysABanAndTheOtherBansLoad() throws Exception {
    String ban =
        "{\"subnet\": \"SUBNET\", \"created\": \""
            + T
            + "\", \"until\": \"UNTIL\", \"reason\":"
            + " \"r\", \"evidence\": []}";
    List<StoreWarning> warnings = new ArrayList<>();
    PeerSnapshot loaded =
        load(
            "{\"bans\": {\"bans\": ["
                + ban.replace("SUBNET", "7.1.0.0/16").replace("UNTIL", "2027-01-01T00:00:00Z")
                + ", "
                + ban.replace("SUBNET", "7.2.0.0/16").replace("UNTIL", "+999999999-01-01T00:00:00Z")
                + "], \"history\": []}, "
                + ANCHORS
                + "}",
            warnings);
    assertThat(loaded.bans().orElseThrow().bans())
        .extracting(b -> b.until())
        .containsExactly(Optional.of(Instant.parse("2027-01-01T00:00:00Z")), Optional.of(LAST));
    assertThat(warnings)
        .singleElement()
        .satisfies(w -> assertThat(w.message()).contains("bans.bans[1]: 'until' is"));
  }

  @Test
  void manyClampedValuesGiveBoundedWarningsAndAllEntriesLoad() throws Exception {
    String[] book = new String[500];
    for (int i = 0; i < book.length; i++) {
      book[i] =
          bookEntry(1, "2147483647", "")
              .replace("9.9.9.1:1", "9.9." + (i / 200) + "." + (i % 200) + ":1");
    }
    List<StoreWarning> warnings = new ArrayList<>();
    PeerSnapshot loaded = load(book(book), warnings);
    assertThat(entries(loaded))
        .hasSize(500)
        .allSatisfy(e -> assertThat(e.attempts()).isEqualTo(MAX_ATTEMPTS));
    assertThat(warnings)
        .hasSize(101)
        .allSatisfy(w -> assertThat(w.kind()).isEqualTo(Kind.VALUE_CLAMPED));
    assertThat(warnings.get(100).message()).contains("400 more out-of-range values (500 in all)");
  }
}
