package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.store.json.StoreWarning.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Valid JSON with a correct checksum but wrong types, out-of-range values, duplicated members or
 * missing ones: one bad entry is dropped with a warning naming it, its neighbours load; one bad
 * section is dropped, the other sections load; a repeated section or a broken envelope sets the
 * whole file aside.
 */
class InvalidEntryTest {
  private static final String T = "\"2026-01-01T00:00:00Z\"";
  private static final String STATS =
      "{\"connections\": 0, \"failures\": 0, \"bytesIn\": 0,"
          + " \"bytesOut\": 0, \"reliability\": 0.5}";
  private static final String PEER =
      "{\"id\": \"ID\", \"addresses\": [\"5.6.7.8:80\"],"
          + " \"source\": \"MANUAL\", \"network\": \"main\", \"flags\": [\"PERSISTENT\"],"
          + " \"addedAt\": "
          + T
          + ", \"statistics\": "
          + STATS
          + "}";
  private static final String BOOK_ENTRY =
      "{\"address\": \"ADDR\", \"source\": \"8.8.8.8:1\","
          + " \"lastSeen\": "
          + T
          + ", \"attempts\": 0, \"tried\": false, \"newBuckets\": [1, 2]}";
  private static final String SCORE =
      "{\"address\": \"ADDR\", \"successes\": 1.0,"
          + " \"failures\": 0, \"latencySampleWeight\": 0, \"throughputSampleWeight\": 0,"
          + " \"misbehaviourPoints\": 0, \"updatedAt\": "
          + T
          + ", \"connected\": false}";
  private static final String BAN =
      "{\"subnet\": \"SUBNET\", \"created\": " + T + ", \"reason\": \"r\", \"evidence\": []}";
  private static final String RECORD =
      "{\"action\": \"BANNED\", \"at\": "
          + T
          + ", \"ban\": "
          + BAN.replace("SUBNET", "7.7.0.0/16")
          + "}";
  private static final String CACHED =
      "{\"address\": \"ADDR\", \"lastConnected\": " + T + ", \"statistics\": " + STATS + "}";
  private static final String KEY = "\"key\": \"000102030405060708090a0b0c0d0e0f\"";
  private static final String GEOMETRY =
      "\"newBuckets\": 1024, \"triedBuckets\": 256,"
          + " \"bucketSize\": 64, \"newBucketsPerSourceGroup\": 64, \"triedBucketsPerGroup\": 8";

  /** Present in every document, to show the other sections load. */
  private static final String ANCHORS = "\"anchors\": [\"3.3.3.3:3\"]";

  @TempDir Path dir;

  private PeerSnapshot loadDocument(String document, List<StoreWarning> warnings) throws Exception {
    Files.writeString(dir.resolve(JsonPeerStore.SNAPSHOT_FILE), document);
    try (JsonPeerStore store = JsonPeerStore.open(dir)) {
      PeerSnapshot snapshot = store.load();
      warnings.addAll(store.lastLoadWarnings());
      return snapshot;
    }
  }

  /** A bad element of one list: where it sits, how to make it, what the warning must say. */
  private record ListCase(
      String section,
      String good,
      String from,
      String to,
      String expected,
      Function<PeerSnapshot, List<?>> list) {
    String bad() {
      return good.replace("ID", "b")
          .replace("ADDR", "9.9.9.2:1")
          .replace("SUBNET", "9.2.0.0/16")
          .replace(from, to);
    }

    String content() {
      String a =
          good.replace("ID", "a").replace("ADDR", "9.9.9.1:1").replace("SUBNET", "9.1.0.0/16");
      String c =
          good.replace("ID", "c").replace("ADDR", "9.9.9.3:1").replace("SUBNET", "9.3.0.0/16");
      String list = "[" + a + ", " + bad() + ", " + c + "]";
      return switch (section) {
        case "addressBook.entries" ->
            "{\"addressBook\": {"
                + KEY
                + ", "
                + GEOMETRY
                + ", \"entries\": "
                + list
                + "}, "
                + ANCHORS
                + "}";
        case "bans.bans" ->
            "{\"bans\": {\"bans\": " + list + ", \"history\": []}, " + ANCHORS + "}";
        case "bans.history" ->
            "{\"bans\": {\"bans\": [], \"history\": " + list + "}, " + ANCHORS + "}";
        default -> "{\"" + section + "\": " + list + ", " + ANCHORS + "}";
      };
    }

    @Override
    public String toString() {
      return section + ": " + from + " -> " + to;
    }
  }

  private static Arguments peer(String from, String to, String expected) {
    return arguments(new ListCase("peers", PEER, from, to, expected, PeerSnapshot::peers));
  }

  private static Arguments book(String from, String to, String expected) {
    return arguments(
        new ListCase(
            "addressBook.entries",
            BOOK_ENTRY,
            from,
            to,
            expected,
            s -> s.addressBook().orElseThrow().entries()));
  }

  private static Arguments score(String from, String to, String expected) {
    return arguments(
        new ListCase("scores", SCORE, from, to, expected, s -> List.copyOf(s.scores().values())));
  }

  private static Arguments ban(String from, String to, String expected) {
    return arguments(
        new ListCase("bans.bans", BAN, from, to, expected, s -> s.bans().orElseThrow().bans()));
  }

  static Stream<Arguments> badElements() {
    return Stream.of(
        peer("\"id\": \"b\"", "\"id\": 5", "'id' must be a string, was the number 5"),
        peer("\"id\": \"b\"", "\"id\": \"b b\"", "id"),
        peer("\"id\": \"b\"", "\"id\": \"b\", \"id\": \"x\"", "member \"id\" appears twice"),
        peer("[\"5.6.7.8:80\"]", "[]", "addresses"),
        peer("[\"5.6.7.8:80\"]", "[\"5.6.7.8\"]", "5.6.7.8"),
        peer("[\"5.6.7.8:80\"]", "[\"5.6.7.8:80\", \"5.6.7.8:80\"]", "addresses"),
        peer("[\"5.6.7.8:80\"]", "\"5.6.7.8:80\"", "'addresses' must be a list of addresses"),
        peer("\"MANUAL\"", "\"manual\"", "'source' is \"manual\", expected one of"),
        peer("\"MANUAL\"", "\"MANUAL\", \"protected\": true", "isProtected"),
        peer("\"main\"", "\"Main\"", "Main"),
        peer("\"PERSISTENT\"", "\"ALWAYS\"", "'flags' is \"ALWAYS\""),
        peer("\"flags\"", "\"enabled\": \"yes\", \"flags\"", "'enabled' must be true or false"),
        peer("\"addedAt\": " + T, "\"addedAt\": \"2026-02-30T00:00:00Z\"", "not an ISO-8601"),
        peer("\"addedAt\": " + T, "\"addedAt\": 1767225600", "'addedAt' must be a string"),
        peer("\"addedAt\": " + T + ", ", "", "addedAt"),
        peer("\"connections\": 0", "\"connections\": -1", "connections is -1"),
        peer("\"connections\": 0", "\"connections\": 1.5", "'connections' must be an integer"),
        peer(
            "\"connections\": 0",
            "\"connections\": 99999999999999999999",
            "out of range for a 64-bit integer"),
        peer("\"connections\": 0, ", "", "required member 'connections' is missing"),
        peer("\"reliability\": 0.5", "\"reliability\": 1.5", "reliability is 1.5"),
        peer("\"reliability\": 0.5", "\"reliability\": 0.5, \"latency\": \"PT-1S\"", "latency"),
        peer("\"reliability\": 0.5", "\"reliability\": 0.5, \"latency\": \"1s\"", "PT0.25S"),
        peer(PEER.replace("ID", "b"), "\"just text\"", "a peer must be an object"),
        peer(PEER.replace("ID", "b"), "[1, {\"a\": [2]}]", "a peer must be an object, was a list"),
        peer(PEER.replace("ID", "b"), "null", "was null"),
        book("\"attempts\": 0", "\"attempts\": -1", "'attempts' is -1, expected 0 or more"),
        book("\"attempts\": 0", "\"attempts\": 1.5", "'attempts' must be an integer"),
        book("\"tried\": false", "\"tried\": \"no\"", "'tried' must be true or false"),
        book(
            "\"tried\": false",
            "\"tried\": false, \"tried\": false",
            "member \"tried\" appears twice"),
        book("[1, 2]", "[1, 5000]", "new bucket 5000 is outside the table's 1024 buckets"),
        book("[1, 2]", "[-1]", "new bucket -1 is outside"),
        book("\"tried\": false", "\"tried\": true", "a tried entry has no new buckets"),
        book("9.9.9.2:1", "999.9.9.2:1", "999.9.9.2:1"),
        book("\"source\": \"8.8.8.8:1\", ", "", "required member 'source' is missing"),
        book("\"attempts\": 0", "\"attempts\": 0, \"lastTry\": \"x\"", "'lastTry' is \"x\""),
        score("\"successes\": 1.0", "\"successes\": -1", "successes must be in"),
        score("\"successes\": 1.0", "\"successes\": 1e999", "successes must be in"),
        score("\"successes\": 1.0", "\"successes\": \"1\"", "'successes' must be a number"),
        score("\"failures\": 0", "\"failures\": 0, \"latencyEwma\": \"PT2H\"", "latencyEwma"),
        score(
            "\"latencySampleWeight\": 0",
            "\"latencySampleWeight\": 1",
            "latencySampleWeight must be 0 when latencyEwma is empty"),
        score(
            "\"connected\": false",
            "\"connected\": true, \"disconnectedAt\": " + T,
            "a connected state has no disconnectedAt"),
        score(
            "\"connected\": false",
            "\"connected\": false, \"disconnectedAt\": \"2027-01-01T00:00:00Z\"",
            "must not be after updatedAt"),
        score("9.9.9.2:1", "9.9.9.1:1", "a second score for 9.9.9.1:1"),
        ban("\"subnet\": \"9.2.0.0/16\", ", "", "it has neither"),
        ban(
            "\"subnet\": \"9.2.0.0/16\"",
            "\"subnet\": \"9.2.0.0/16\", \"nodeId\": \"" + "00".repeat(32) + "\"",
            "it needs one"),
        ban("9.2.0.0/16", "9.2.3.4/16", "9.2.0.0/16"),
        ban(
            "\"reason\"",
            "\"until\": \"2025-01-01T00:00:00Z\", \"reason\"",
            "until must be after created"),
        ban("\"r\"", "\"" + "r".repeat(300) + "\"", "reason must be at most 256"),
        ban("\"evidence\": []", "\"evidence\": [1]", "'evidence' must be a string"),
        arguments(
            new ListCase(
                "bans.history",
                RECORD,
                "\"BANNED\"",
                "\"BURNED\"",
                "expected one of [BANNED, UNBANNED, EXPIRED, EVICTED]",
                s -> s.bans().orElseThrow().history())),
        arguments(
            new ListCase(
                "bans.history",
                RECORD,
                "\"ban\": ",
                "\"bam\": ",
                "required member 'ban' is missing",
                s -> s.bans().orElseThrow().history())),
        arguments(
            new ListCase(
                "cachedPeers",
                CACHED,
                "\"lastConnected\"",
                "\"nodeId\": \"zz\", \"lastConnected\"",
                "zz",
                PeerSnapshot::cachedPeers)),
        arguments(
            new ListCase(
                "cachedPeers",
                CACHED,
                ", \"statistics\": " + STATS,
                "",
                "required member 'statistics' is missing",
                PeerSnapshot::cachedPeers)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badElements")
  void aBadElementIsDroppedAndItsNeighboursLoad(ListCase c) throws Exception {
    List<StoreWarning> warnings = new java.util.ArrayList<>();
    PeerSnapshot loaded = loadDocument(Documents.document(c.content()), warnings);
    assertThat(c.list().apply(loaded)).hasSize(2);
    assertThat(warnings)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.kind()).isEqualTo(Kind.ENTRY_DROPPED);
              assertThat(w.message()).contains(c.section() + "[1]").contains(c.expected());
              assertThat(w.file()).isEqualTo(dir.resolve(JsonPeerStore.SNAPSHOT_FILE));
            });
    assertThat(loaded.anchors()).containsExactly(PeerAddress.parse("3.3.3.3:3"));
  }

  @Test
  void badAnchorsAreDroppedOneByOne() throws Exception {
    List<StoreWarning> warnings = new java.util.ArrayList<>();
    PeerSnapshot loaded =
        loadDocument(
            Documents.document("{\"anchors\": [\"1.1.1.1:1\", 5, \"nope\", {}, \"2.2.2.2:2\"]}"),
            warnings);
    assertThat(loaded.anchors())
        .extracting(PeerAddress::toString)
        .containsExactly("1.1.1.1:1", "2.2.2.2:2");
    assertThat(warnings)
        .extracting(StoreWarning::message)
        .satisfiesExactly(
            m ->
                assertThat(m).contains("anchors[1]", "'anchor' must be a string, was the number 5"),
            m -> assertThat(m).contains("anchors[2]", "nope"),
            m -> assertThat(m).contains("anchors[3]", "must be a string, was an object"));
  }

  static Stream<Arguments> badSections() {
    return Stream.of(
        arguments("\"peers\": 5", "'peers' must be a list, was the number 5"),
        arguments("\"peers\": {\"a\": []}", "'peers' must be a list, was an object"),
        arguments("\"savedAt\": 5", "'savedAt' must be a string"),
        arguments("\"identity\": {\"nodeId\": \"zz\"}", "zz"),
        arguments("\"identity\": []", "identity must be an object"),
        arguments("\"bans\": \"x\"", "'bans' must be an object"),
        arguments("\"addressBook\": []", "'addressBook' must be an object"),
        arguments(
            "\"addressBook\": {\"key\": \"00\", " + GEOMETRY + "}", "key must be 16 bytes, was 1"),
        arguments(
            "\"addressBook\": {\"key\": \"" + "zz".repeat(16) + "\", " + GEOMETRY + "}",
            "'key' is not hexadecimal"),
        arguments(
            "\"addressBook\": {" + KEY + ", " + GEOMETRY.replace("1024", "0") + "}",
            "table sizes must be positive"),
        arguments(
            "\"addressBook\": {"
                + GEOMETRY
                + ", \"entries\": ["
                + BOOK_ENTRY.replace("ADDR", "9.9.9.9:1")
                + "]}",
            "required member 'key' is missing"),
        arguments(
            "\"addressBook\": {" + KEY + ", " + KEY + ", " + GEOMETRY + "}",
            "member \"key\" appears twice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSections")
  void aBadSectionIsDroppedAndTheOthersLoad(String section, String expected) throws Exception {
    List<StoreWarning> warnings = new java.util.ArrayList<>();
    PeerSnapshot loaded =
        loadDocument(Documents.document("{" + section + ", " + ANCHORS + "}"), warnings);
    assertThat(loaded.anchors()).containsExactly(PeerAddress.parse("3.3.3.3:3"));
    assertThat(loaded.peers()).isEmpty();
    assertThat(loaded.addressBook()).isEmpty();
    assertThat(warnings)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.kind()).isEqualTo(Kind.SECTION_DROPPED);
              assertThat(w.message()).contains(expected);
            });
    assertThat(warnings.get(0).message()).doesNotContain("000102030405060708090a0b0c0d0e0f");
  }

  @Test
  void unknownMembersAreSkippedWherePresent() throws Exception {
    String futurePeer =
        PEER.replace("ID", "a")
            .replace("\"flags\"", "\"futureMember\": {\"x\": [1, {\"y\": null}]}, \"flags\"");
    // An added envelope member sits before the checksum member, so the checksum covers it.
    String document =
        Documents.withChecksum(
            Documents.document(
                    "{\"futureSection\": [{\"a\": 1}], \"peers\": ["
                        + futurePeer
                        + "], "
                        + ANCHORS
                        + "}")
                .replace("\"written\"", "\"writer\": {\"name\": \"peerage 2\"},\n  \"written\""));
    List<StoreWarning> warnings = new java.util.ArrayList<>();
    PeerSnapshot loaded = loadDocument(document, warnings);
    assertThat(warnings).isEmpty();
    assertThat(loaded.peers()).singleElement().satisfies(p -> assertThat(p.id()).isEqualTo("a"));
  }

  static Stream<Arguments> brokenDocuments() {
    String content = "{" + ANCHORS + "}";
    String good = Documents.document(content);
    return Stream.of(
        arguments(
            "a repeated section",
            Documents.document("{\"peers\": [], \"peers\": []}"),
            "two members named 'peers'"),
        arguments(
            "a repeated version",
            Documents.withChecksum(
                good.replace("\"version\": 1,", "\"version\": 1, \"version\": 1,")),
            "two 'version' members"),
        arguments(
            "a version as text",
            Documents.withChecksum(good.replace("\"version\": 1", "\"version\": \"1\"")),
            "'version' must be a whole"),
        arguments(
            "a negative version",
            Documents.withChecksum(good.replace("\"version\": 1", "\"version\": -1")),
            "'version' must be a whole"),
        arguments(
            "no checksum",
            good.substring(0, good.indexOf(",\n  \"checksum\"")) + "\n}\n",
            "no 'checksum' member"),
        arguments(
            "a member after the checksum",
            good.replace("\"\n}", "\", \"x\": 1\n}"),
            "'checksum' must be the last member"),
        arguments(
            "content before version",
            Documents.withChecksum(
                "{\"format\": \"peerage-peers\", \"content\": "
                    + content
                    + ", \"version\": 1, \"checksum\": \"\"}"),
            "must come before 'content'"),
        arguments(
            "a bad write time",
            Documents.withChecksum(good.replace("2026-01-01T00:00:00Z", "yesterday")),
            "'written' is not a time"),
        arguments(
            "content that is not an object",
            Documents.document("[]"),
            "'content' must be an object"),
        arguments(
            "a checksum of another algorithm",
            good.replace("sha256:", "md5:"),
            "must start with \"sha256:\""),
        arguments(
            "a checksum that is not hex",
            good.replaceAll("sha256:[0-9a-f]+", "sha256:xyz"),
            "not hexadecimal"),
        arguments(
            "a version without migration",
            Documents.document(0, content),
            "format version 0 is not one this Peerage can convert"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenDocuments")
  void aBrokenEnvelopeSetsTheWholeFileAside(String name, String document, String expected)
      throws Exception {
    List<StoreWarning> warnings = new java.util.ArrayList<>();
    PeerSnapshot loaded = loadDocument(document, warnings);
    assertThat(loaded).isEqualTo(PeerSnapshot.empty());
    assertThat(warnings)
        .extracting(StoreWarning::kind)
        .containsExactly(Kind.CORRUPT_MOVED_ASIDE, Kind.EMPTY_FALLBACK);
    assertThat(warnings.get(0).message()).contains(expected);
    assertThat(Files.readString(warnings.get(0).file())).isEqualTo(document);
  }

  @Test
  void thousandsOfBadEntriesGiveBoundedWarnings() throws Exception {
    StringBuilder peers = new StringBuilder("[");
    for (int i = 0; i < 5000; i++) {
      peers.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i).append("}");
    }
    List<StoreWarning> warnings = new java.util.ArrayList<>();
    PeerSnapshot loaded = loadDocument(Documents.document("{\"peers\": " + peers + "]}"), warnings);
    assertThat(loaded.peers()).isEmpty();
    assertThat(warnings).hasSize(101);
    assertThat(warnings.get(100).message())
        .contains("dropped 4900 more invalid entries (5000 in all)");
  }
}
