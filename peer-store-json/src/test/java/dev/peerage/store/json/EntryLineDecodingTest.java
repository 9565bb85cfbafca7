package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.store.json.internal.SnapshotReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The address book's entry lines decoded straight from the bytes load exactly as the Jackson
 * parser alone loads them: for files the store wrote, and for the same files with one entry line
 * (or the whole list) respelled, damaged or made invalid, with the checksum made right again or
 * left wrong. Same snapshot, same warnings in the same order, or the same exception and message.
 */
class EntryLineDecodingTest {
  private static final SnapshotReader DECODING = new SnapshotReader(Map.of(), true);
  private static final SnapshotReader JACKSON_ONLY = new SnapshotReader(Map.of(), false);
  private static final long MAX_SIZE = JsonPeerStore.DEFAULT_MAX_FILE_SIZE;

  private static Path dir;

  @BeforeContainer
  static void open() throws IOException {
    dir = Files.createTempDirectory("peerage-entry-lines");
  }

  @AfterContainer
  static void close() throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** A respelling of one entry line (without its line feed). */
  enum LineChange {
    ESCAPE_IN_STRING(l -> l.replaceFirst("\"address\": \"(.)", "\"address\": \"\\\\u003$1")),
    ESCAPE_IN_TIME(l -> l.replaceFirst("(\"lastSeen\": \"[^\"]*)Z\"", "$1\\\\u005a\"")),
    MEMBERS_SWAPPED(
        l ->
            l.replaceFirst(
                "\\{(\"address\": \"[^\"]*\"), (\"source\": \"[^\"]*\")", "{$2, $1")),
    UNKNOWN_MEMBER(l -> l.replaceFirst("\\{", "{\"extra\": [1, {\"x\": null}], ")),
    UNKNOWN_MEMBER_AT_END(l -> l.replaceFirst("}(,?)$", ", \"extra\": \"x\"}$1")),
    EXTRA_SPACE_AFTER_COMMA(l -> l.replaceFirst("\", \"source\"", "\",  \"source\"")),
    EXTRA_SPACE_INSIDE(l -> l.replaceFirst("\\{\"", "{ \"")),
    SPACE_BEFORE_COMMA(l -> l.replaceFirst("}(,?)$", "} $1")),
    TAB_INDENT(l -> l.replaceFirst("^ +", "\t")),
    ONE_SPACE_LESS(l -> l.substring(1)),
    CARRIAGE_RETURN(l -> l + "\r"),
    ATTEMPTS_CLAMPED(l -> l.replaceFirst("\"attempts\": \\d+", "\"attempts\": 1000001")),
    ATTEMPTS_HUGE(l -> l.replaceFirst("\"attempts\": \\d+", "\"attempts\": 123456789012345678901")),
    ATTEMPTS_NEGATIVE(l -> l.replaceFirst("\"attempts\": \\d+", "\"attempts\": -1")),
    ATTEMPTS_LEADING_ZERO(l -> l.replaceFirst("\"attempts\": (\\d+)", "\"attempts\": 0$1")),
    ATTEMPTS_AS_FLOAT(l -> l.replaceFirst("\"attempts\": (\\d+)", "\"attempts\": $1.0")),
    ATTEMPTS_AS_STRING(l -> l.replaceFirst("\"attempts\": (\\d+)", "\"attempts\": \"$1\"")),
    TIME_BEFORE_RANGE(
        l -> l.replaceFirst("\"lastSeen\": \"[^\"]*\"", "\"lastSeen\": \"1969-12-31T23:59:59Z\"")),
    TIME_AFTER_RANGE(
        l -> l.replaceFirst("\"lastSeen\": \"[^\"]*\"", "\"lastSeen\": \"+10000-01-01T00:00:00Z\"")),
    TIME_INVALID(l -> l.replaceFirst("\"lastSeen\": \"[^\"]*\"", "\"lastSeen\": \"2026-02-30T00:00:00Z\"")),
    TIME_WITH_OFFSET(
        l -> l.replaceFirst("\"lastSeen\": \"[^\"]*\"", "\"lastSeen\": \"2026-01-01T00:00:00+01:00\"")),
    ADDRESS_INVALID(l -> l.replaceFirst("\"address\": \"[^\"]*\"", "\"address\": \"999.1.1.1:5\"")),
    ADDRESS_NOT_CANONICAL(l -> l.replaceFirst("\"address\": \"[^\"]*\"", "\"address\": \"010.1.1.1:05\"")),
    ADDRESS_HOSTNAME(l -> l.replaceFirst("\"source\": \"[^\"]*\"", "\"source\": \"seed.example.org:9798\"")),
    ADDRESS_NON_ASCII(l -> l.replaceFirst("\"source\": \"[^\"]*\"", "\"source\": \"s\u00e9ed.example.org:1\"")),
    BUCKET_OUT_OF_RANGE(l -> l.replaceFirst("\"tried\": false", "\"tried\": false, \"newBuckets\": [5000]")),
    FIVE_BUCKETS(l -> l.replaceFirst("\"newBuckets\": \\[[^]]*]", "\"newBuckets\": [1, 2, 3, 4, 1023]")),
    BUCKET_NEGATIVE(l -> l.replaceFirst("\"newBuckets\": \\[", "\"newBuckets\": [-3, ")),
    BUCKETS_EMPTY(l -> l.replaceFirst("\"tried\": false(, \"newBuckets\": \\[[^]]*])?", "\"tried\": false, \"newBuckets\": []")),
    BUCKETS_ON_TRIED(l -> l.replaceFirst("\"tried\": true", "\"tried\": true, \"newBuckets\": [1]")),
    TRIED_MISSING(l -> l.replaceFirst(", \"tried\": (true|false)", "")),
    TRIED_AS_NUMBER(l -> l.replaceFirst("\"tried\": (true|false)", "\"tried\": 1")),
    DUPLICATED_MEMBER(l -> l.replaceFirst("\\{(\"address\": \"[^\"]*\"), ", "{$1, $1, ")),
    DUPLICATED_TIME(l -> l.replaceFirst("(\"lastSeen\": \"[^\"]*\"), ", "$1, $1, ")),
    NULL_VALUE(l -> l.replaceFirst("\"source\": \"[^\"]*\"", "\"source\": null")),
    NOT_AN_OBJECT(l -> l.replaceFirst("\\{.*}", "[1, 2]")),
    TRUNCATED_HALF(l -> l.substring(0, l.length() / 2)),
    TRUNCATED_CLOSE(l -> l.replaceFirst("}(,?)$", "$1")),
    COMMA_MISSING(l -> l.replaceFirst("},$", "}")),
    COMMA_DOUBLED(l -> l.replaceFirst("}(,?)$", "},,")),
    COMMA_ADDED(l -> l.endsWith(",") ? l : l + ","),
    LINE_REMOVED(l -> null),
    LINE_DOUBLED(l -> l.endsWith(",") ? l + "\n" + l : l + ",\n" + l),
    TWO_ENTRIES_ON_A_LINE(l -> l.endsWith(",") ? l + " " + l : l),
    BLANK_LINE_AFTER(l -> l + "\n"),
    BRACKET_CLOSED_EARLY(l -> l.replaceFirst(",$", "],"));

    private final UnaryOperator<String> change;

    LineChange(UnaryOperator<String> change) {
      this.change = change;
    }
  }

  /** A respelling of the whole entries list. */
  enum ListChange {
    NONE,
    ON_ONE_LINE,
    EMPTY_INLINE,
    OPENER_WITH_SPACE,
    CLOSER_MOVED_UP
  }

  @Provide
  Arbitrary<LineChange> lineChanges() {
    return Arbitraries.of(LineChange.class).injectNull(0.1);
  }

  @Property(tries = 400)
  void decodedEntriesLoadAsJacksonAlone(
      @ForAll @IntRange(min = 0, max = 40) int bookSize,
      @ForAll("lineChanges") LineChange change,
      @ForAll @IntRange(min = 0, max = 1000) int where,
      @ForAll ListChange listChange,
      @ForAll("checksumKept") boolean checksumFixed)
      throws Exception {
    String written = saved(Snapshots.full(where, bookSize));
    String text = respelled(written, change, where, listChange);
    if (checksumFixed) {
      text = Documents.withChecksum(text);
    }
    Path file = write("respelled.json", text.getBytes(StandardCharsets.UTF_8));
    Outcome decoded = Outcome.of(DECODING, file);
    Outcome parsed = Outcome.of(JACKSON_ONLY, file);
    assertThat(decoded).isEqualTo(parsed);
    if (change == null && listChange == ListChange.NONE) {
      assertThat(decoded.linesDecoded).isEqualTo(bookSize);
    }
  }

  @Provide
  Arbitrary<Boolean> checksumKept() {
    return Arbitraries.of(true, true, true, false);
  }

  @Example
  void aStoreWrittenFileIsDecodedLineByLine() throws Exception {
    PeerSnapshot snapshot = Snapshots.full(7, 300);
    Path file = write("written.json", saved(snapshot).getBytes(StandardCharsets.UTF_8));

    SnapshotReader.Loaded loaded = DECODING.read(file, MAX_SIZE);

    assertThat(loaded.entryLinesDecoded()).isEqualTo(300);
    assertThat(loaded.warnings()).isEmpty();
    Snapshots.assertSame(loaded.content().snapshot(), Snapshots.withoutIdentity(snapshot));
    assertThat(Outcome.of(DECODING, file)).isEqualTo(Outcome.of(JACKSON_ONLY, file));
  }

  @Example
  void aRespelledEntryInTheMiddleHandsTheRestToJackson() throws Exception {
    String written = saved(Snapshots.full(8, 300));
    // Entry 120 gets a clamped attempts count: Jackson must make the warning, and read on.
    String text =
        Documents.withChecksum(
            respelled(written, LineChange.ATTEMPTS_CLAMPED, 120, ListChange.NONE));
    Path file = write("middle.json", text.getBytes(StandardCharsets.UTF_8));

    SnapshotReader.Loaded loaded = DECODING.read(file, MAX_SIZE);

    assertThat(loaded.entryLinesDecoded()).isEqualTo(120);
    assertThat(loaded.content().snapshot().addressBook().orElseThrow().entries()).hasSize(300);
    assertThat(loaded.warnings())
        .extracting(StoreWarning::message)
        .containsExactly(
            "middle.json: addressBook.entries[120]: 'attempts' is 1000001, expected at most"
                + " 1000000; loaded as 1000000");
    assertThat(Outcome.of(DECODING, file)).isEqualTo(Outcome.of(JACKSON_ONLY, file));
  }

  @Example
  void aDamagedLineAfterDecodedOnesIsReportedAtItsLineInTheFile() throws Exception {
    String written = saved(Snapshots.full(9, 50));
    String text =
        Documents.withChecksum(respelled(written, LineChange.TRUNCATED_HALF, 30, ListChange.NONE));
    Path file = write("damaged.json", text.getBytes(StandardCharsets.UTF_8));

    Outcome decoded = Outcome.of(DECODING, file);

    assertThat(decoded.failure).startsWith("CorruptDocumentException: not valid JSON");
    int line = entryLines(written)[0] + 30 + 1;
    assertThat(decoded.failure).contains("(line " + line + ",");
    assertThat(decoded).isEqualTo(Outcome.of(JACKSON_ONLY, file));
  }

  @Example
  void oneByteChangedInTheEntriesIsRefusedAsBefore() throws Exception {
    String written = saved(Snapshots.full(10, 200));
    int at = written.indexOf("\"attempts\": ", written.indexOf("\"entries\": [")) + 12;
    char digit = written.charAt(at);
    String text =
        written.substring(0, at) + (char) (digit == '9' ? '8' : digit + 1) + written.substring(at + 1);
    Path file = write("flipped.json", text.getBytes(StandardCharsets.UTF_8));

    Outcome decoded = Outcome.of(DECODING, file);

    assertThat(decoded.failure).startsWith("CorruptDocumentException: checksum mismatch: ");
    assertThat(decoded).isEqualTo(Outcome.of(JACKSON_ONLY, file));
    Path intact = write("intact.json", written.getBytes(StandardCharsets.UTF_8));
    assertThat(Outcome.of(DECODING, intact).failure).isNull();
  }

  // ---- Helpers ------------------------------------------------------------------------------

  /** What a read gave: the content and warnings, or the failure's type and message. */
  private record Outcome(
      Object content, int version, List<StoreWarning> warnings, String failure, int linesDecoded) {
    static Outcome of(SnapshotReader reader, Path file) {
      try {
        SnapshotReader.Loaded loaded = reader.read(file, MAX_SIZE);
        return new Outcome(
            loaded.content(), loaded.version(), loaded.warnings(), null, loaded.entryLinesDecoded());
      } catch (Exception e) {
        return new Outcome(
            null, 0, List.of(), e.getClass().getSimpleName() + ": " + e.getMessage(), 0);
      }
    }

    /** Equal in all but the count of decoded lines, which is what differs by design. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Outcome other
          && Objects.equals(content, other.content)
          && version == other.version
          && warnings.equals(other.warnings)
          && Objects.equals(failure, other.failure);
    }

    @Override
    public int hashCode() {
      return Objects.hash(content, version, warnings, failure);
    }
  }

  /** The snapshot file a real store writes for {@code snapshot}. */
  private static String saved(PeerSnapshot snapshot) throws Exception {
    Path storeDir = Files.createTempDirectory(dir, "store");
    try (JsonPeerStore store = JsonPeerStore.open(storeDir)) {
      store.save(snapshot);
    }
    return Files.readString(storeDir.resolve(JsonPeerStore.SNAPSHOT_FILE));
  }

  /**
   * The indexes of the first and last entry lines among the file's lines (first > last for none);
   * -1 and -2 if the list is written empty, on its opener's line.
   */
  private static int[] entryLines(String text) {
    List<String> lines = Arrays.asList(text.split("\n", -1));
    int opener = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith("\"entries\": [")) {
        opener = i;
      }
    }
    if (opener < 0) {
      return new int[] {-1, -2};
    }
    int last = opener;
    while (lines.get(last + 1).strip().startsWith("{")) {
      last++;
    }
    return new int[] {opener + 1, last};
  }

  private static String respelled(String text, LineChange change, int where, ListChange list) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int[] range = entryLines(text);
    int first = range[0];
    int last = range[1];
    int count = last - first + 1;
    if (change != null && count > 0 && first > 0) {
      int line = first + where % count;
      String changed = change.change.apply(lines.get(line));
      if (changed == null) {
        lines.remove(line);
        last--;
      } else {
        lines.set(line, changed);
        last += (int) changed.chars().filter(c -> c == '\n').count();
      }
      count = last - first + 1;
    }
    if (first < 0) {
      return text;
    }
    switch (list) {
      case NONE -> {}
      case ON_ONE_LINE -> {
        StringBuilder joined = new StringBuilder(lines.get(first - 1));
        for (int i = first; i <= last + 1; i++) {
          joined.append(' ').append(lines.get(i).strip());
        }
        for (int i = last + 1; i >= first; i--) {
          lines.remove(i);
        }
        lines.set(first - 1, joined.toString());
      }
      case EMPTY_INLINE -> {
        for (int i = last + 1; i >= first; i--) {
          lines.remove(i);
        }
        lines.set(first - 1, lines.get(first - 1) + "]");
      }
      case OPENER_WITH_SPACE -> lines.set(first - 1, lines.get(first - 1) + " ");
      case CLOSER_MOVED_UP -> {
        if (count > 0) {
          lines.set(last, lines.get(last) + lines.get(last + 1).strip());
          lines.remove(last + 1);
        }
      }
    }
    return String.join("\n", lines);
  }

  /** Writes {@code bytes} to a file under the test directory and forces it to the device. */
  private static Path write(String name, byte[] bytes) throws IOException {
    Path file = Files.createTempDirectory(dir, "file").resolve(name);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    return file;
  }
}
