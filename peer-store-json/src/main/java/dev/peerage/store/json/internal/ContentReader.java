package dev.peerage.store.json.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.BanListSnapshot;
import dev.peerage.core.ban.BanRecord;
import dev.peerage.core.ban.BanTarget;
import dev.peerage.core.book.AddressBookSnapshot;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.peer.PeerSource;
import dev.peerage.core.peer.PeerStatistics;
import dev.peerage.core.score.ScoreState;
import dev.peerage.core.spi.CachedPeer;
import dev.peerage.core.spi.PeerSnapshot;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the {@code content} object of a current-version document into a {@link PeerSnapshot},
 * streaming, one entry at a time. Every value goes through the core types' own validation ({@link
 * PeerAddress#parse}, {@link PeerEntry.Builder}, the records' constructors).
 *
 * <p>What is dropped, and what fails the whole document:
 *
 * <ul>
 *   <li>An invalid list element (wrong type, missing or out-of-range member, duplicated member, a
 *       value the core types reject) is dropped and reported; the rest of the list loads.
 *   <li>An invalid section (a list that is not a list, an address book whose key or geometry is
 *       invalid) is dropped and reported; the other sections load.
 *   <li>Malformed JSON, or a section name that appears twice, fails the whole document: then no
 *       part of it can be trusted to be what was written.
 * </ul>
 *
 * <p>Values a file can hold but the node cannot use safely are never handed on: a time outside
 * {@link StoreFormat#FIRST_TIME} .. {@link StoreFormat#LAST_TIME} loads as the nearest end of that
 * range, and an address book entry's {@code attempts} above {@link StoreFormat#MAX_ATTEMPTS} loads
 * as that maximum, each with a {@link dev.peerage.store.json.StoreWarning.Kind#VALUE_CLAMPED}
 * warning; the entry loads. A negative count drops its entry, like any invalid value.
 *
 * <p>Unknown members are skipped, so a newer minor revision of version 1 that only adds members
 * still loads. One instance reads one document; not thread-safe.
 */
public final class ContentReader {
  private static final HexFormat HEX = HexFormat.of();
  private static final int MAX_SHOWN = 80;
  private static final Set<String> SECTIONS =
      Set.of(
          "savedAt",
          "identity",
          "peers",
          "anchors",
          "cachedPeers",
          "scores",
          "bans",
          "addressBook");

  /**
   * What the content held.
   *
   * @param snapshot the snapshot, always without identity (the private key is not in this file)
   * @param identity the node id of the identity the snapshot refers to, if it has one
   */
  public record Result(PeerSnapshot snapshot, Optional<NodeId> identity) {}

  private interface ElementReader<T> {
    T read() throws IOException;
  }

  /**
   * Distinct source addresses remembered while reading, to parse each once: a book's entries name a
   * few thousand sources between them, so most lookups hit. Bounded; past the bound, sources are
   * parsed every time.
   */
  private static final int MAX_CACHED_SOURCES = 16_384;

  private final JsonParser p;
  private final LoadWarnings warnings;

  /** The stream the parser reads, for the address book's entry lines; null to parse them all. */
  private final EntryLineStream lines;

  private final SourceCache sources = new SourceCache(MAX_CACHED_SOURCES);
  private final AddressText.Reader addressText = new AddressText.Reader();

  /**
   * Where the reader is, for warnings: a section's name, or a list's name and the element's index
   * ({@code whereIndex} is -1 outside a list). Kept apart and joined only when a warning is made:
   * joining them for every element was a string per address book entry.
   */
  private String whereName = "";

  private int whereIndex = -1;

  private Optional<Instant> savedAt = Optional.empty();
  private Optional<NodeId> identity = Optional.empty();
  private final List<PeerEntry> peers = new ArrayList<>();
  private Optional<AddressBookSnapshot> addressBook = Optional.empty();
  private Optional<BanListSnapshot> bans = Optional.empty();
  private final Map<PeerAddress, ScoreState> scores = new HashMap<>();
  private final List<PeerAddress> anchors = new ArrayList<>();
  private final List<CachedPeer> cachedPeers = new ArrayList<>();

  private ContentReader(JsonParser parser, LoadWarnings warnings, EntryLineStream lines) {
    this.p = parser;
    this.warnings = warnings;
    this.lines = lines;
  }

  /**
   * Reads the content object the parser is positioned at (its current token is the object's start)
   * and leaves the parser on the object's end.
   *
   * @param parser the parser
   * @param warnings where dropped entries and sections are reported
   * @return what the content held
   * @throws IOException if the JSON is malformed or cannot be read
   * @throws CorruptDocumentException if the content is not an object or repeats a section
   */
  public static Result read(JsonParser parser, LoadWarnings warnings)
      throws IOException, CorruptDocumentException {
    return new ContentReader(parser, warnings, null).readContent();
  }

  /**
   * Reads like {@link #read(JsonParser, LoadWarnings)} a parser that reads {@code lines}, whose
   * address book entries in the store writer's layout are then decoded from the stream's bytes
   * instead of the parser's tokens, with the same result.
   *
   * @param parser the parser, reading {@code lines}
   * @param warnings where dropped entries and sections are reported
   * @param lines the stream the parser reads, or null to parse every entry with the parser
   * @return what the content held
   * @throws IOException if the JSON is malformed or cannot be read
   * @throws CorruptDocumentException if the content is not an object or repeats a section
   */
  static Result read(JsonParser parser, LoadWarnings warnings, EntryLineStream lines)
      throws IOException, CorruptDocumentException {
    return new ContentReader(parser, warnings, lines).readContent();
  }

  private Result readContent() throws IOException, CorruptDocumentException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new CorruptDocumentException("'content' must be an object, was " + describe());
    }
    JsonStreamContext content = p.getParsingContext();
    Set<String> seen = new HashSet<>();
    while (next() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (SECTIONS.contains(name) && !seen.add(name)) {
        throw new CorruptDocumentException(
            "'content' has two members named " + quote(name) + "; it cannot be trusted");
      }
      next();
      try {
        readSection(name);
      } catch (InvalidValueException
          | IllegalArgumentException
          | DateTimeException
          | ArithmeticException e) {
        skipTo(content);
        warnings.sectionDropped(name, e.getMessage());
      }
    }
    PeerSnapshot snapshot =
        new PeerSnapshot(
            savedAt, Optional.empty(), peers, addressBook, bans, scores, anchors, cachedPeers);
    return new Result(snapshot, identity);
  }

  private void readSection(String name) throws IOException {
    whereName = name;
    whereIndex = -1;
    switch (name) {
      case "savedAt" -> savedAt = Optional.of(instant(name));
      case "identity" -> identity = Optional.of(readIdentity());
      case "peers" -> readArray(name, this::readPeer, peers::add);
      case "anchors" -> readArray(name, () -> address("anchor"), anchors::add);
      case "cachedPeers" -> readArray(name, this::readCachedPeer, cachedPeers::add);
      case "scores" -> readArray(name, this::readScore, this::addScore);
      case "bans" -> bans = Optional.of(readBans());
      case "addressBook" -> addressBook = Optional.of(readAddressBook());
      default -> p.skipChildren();
    }
  }

  private NodeId readIdentity() throws IOException {
    expectObject("identity");
    FieldNames names = new FieldNames();
    NodeId nodeId = null;
    while (next() == JsonToken.FIELD_NAME) {
      String name = names.check(p.currentName());
      next();
      if (name.equals("nodeId")) {
        nodeId = NodeId.parse(string(name));
      } else {
        p.skipChildren();
      }
    }
    return required(nodeId, "nodeId");
  }

  private PeerEntry readPeer() throws IOException {
    expectObject("a peer");
    FieldNames names = new FieldNames();
    PeerEntry.Builder b = PeerEntry.builder();
    while (next() == JsonToken.FIELD_NAME) {
      String name = names.check(p.currentName());
      next();
      switch (name) {
        case "id" -> b.id(string(name));
        case "addresses" -> b.addresses(addresses(name));
        case "nodeId" -> b.nodeId(NodeId.parse(string(name)));
        case "label" -> b.label(string(name));
        case "notes" -> b.notes(string(name));
        case "source" -> b.source(enumValue(PeerSource.class, name));
        case "network" -> b.network(NetworkId.of(string(name)));
        case "enabled" -> b.enabled(bool(name));
        case "protected" -> b.isProtected(bool(name));
        case "flags" -> b.flags(flags(name));
        case "addedAt" -> b.addedAt(instant(name));
        case "lastSeen" -> b.lastSeen(instant(name));
        case "lastSuccess" -> b.lastSuccess(instant(name));
        case "statistics" -> b.statistics(readStatistics());
        default -> p.skipChildren();
      }
    }
    return b.build();
  }

  private PeerStatistics readStatistics() throws IOException {
    expectObject("statistics");
    FieldNames names = new FieldNames();
    Long connections = null;
    Long failures = null;
    Long bytesIn = null;
    Long bytesOut = null;
    Duration latency = null;
    Double reliability = null;
    while (next() == JsonToken.FIELD_NAME) {
      String name = names.check(p.currentName());
      next();
      switch (name) {
        case "connections" -> connections = longValue(name);
        case "failures" -> failures = longValue(name);
        case "bytesIn" -> bytesIn = longValue(name);
        case "bytesOut" -> bytesOut = longValue(name);
        case "latency" -> latency = duration(name);
        case "reliability" -> reliability = doubleValue(name);
        default -> p.skipChildren();
      }
    }
    return new PeerStatistics(
        required(connections, "connections"),
        required(failures, "failures"),
        required(bytesIn, "bytesIn"),
        required(bytesOut, "bytesOut"),
        Optional.ofNullable(latency),
        required(reliability, "reliability"));
  }

  private CachedPeer readCachedPeer() throws IOException {
    expectObject("a cached peer");
    FieldNames names = new FieldNames();
    PeerAddress address = null;
    NodeId nodeId = null;
    Instant lastConnected = null;
    PeerStatistics statistics = null;
    while (next() == JsonToken.FIELD_NAME) {
      String name = names.check(p.currentName());
      next();
      switch (name) {
        case "address" -> address = address(name);
        case "nodeId" -> nodeId = NodeId.parse(string(name));
        case "lastConnected" -> lastConnected = instant(name);
        case "statistics" -> statistics = readStatistics();
        default -> p.skipChildren();
      }
    }
    return new CachedPeer(
        required(address, "address"),
        Optional.ofNullable(nodeId),
        required(lastConnected, "lastConnected"),
        required(statistics, "statistics"));
  }

  /** A score as read: its address and its state. */
  private record Score(PeerAddress address, ScoreState state) {}

  private Score readScore() throws IOException {
    expectObject("a score");
    FieldNames names = new FieldNames();
    PeerAddress address = null;
    Double successes = null;
    Double failures = null;
    Duration latencyEwma = null;
    Double latencySampleWeight = null;
    Double throughputEwma = null;
    Double throughputSampleWeight = null;
    Double misbehaviourPoints = null;
    Instant updatedAt = null;
    Boolean connected = null;
    Instant disconnectedAt = null;
    while (next() == JsonToken.FIELD_NAME) {
      String name = names.check(p.currentName());
      next();
      switch (name) {
        case "address" -> address = address(name);
        case "successes" -> successes = doubleValue(name);
        case "failures" -> failures = doubleValue(name);
        case "latencyEwma" -> latencyEwma = duration(name);
        case "latencySampleWeight" -> latencySampleWeight = doubleValue(name);
        case "throughputEwma" -> throughputEwma = doubleValue(name);
        case "throughputSampleWeight" -> throughputSampleWeight = doubleValue(name);
        case "misbehaviourPoints" -> misbehaviourPoints = doubleValue(name);
        case "updatedAt" -> updatedAt = instant(name);
        case "connected" -> connected = bool(name);
        case "disconnectedAt" -> disconnectedAt = instant(name);
        default -> p.skipChildren();
      }
    }
    ScoreState state =
        new ScoreState(
            required(successes, "successes"),
            required(failures, "failures"),
            Optional.ofNullable(latencyEwma),
            required(latencySampleWeight, "latencySampleWeight"),
            throughputEwma == null ? OptionalDouble.empty() : OptionalDouble.of(throughputEwma),
            required(throughputSampleWeight, "throughputSampleWeight"),
            required(misbehaviourPoints, "misbehaviourPoints"),
            required(updatedAt, "updatedAt"),
            required(connected, "connected"),
            Optional.ofNullable(disconnectedAt));
    return new Score(required(address, "address"), state);
  }

  private void addScore(Score score) {
    if (scores.putIfAbsent(score.address(), score.state()) != null) {
      throw new InvalidValueException(
          "a second score for " + score.address() + "; the first one is kept");
    }
  }

  private BanListSnapshot readBans() throws IOException {
    expectObject("'bans'");
    FieldNames names = new FieldNames();
    List<BanEntry> entries = new ArrayList<>();
    List<BanRecord> history = new ArrayList<>();
    while (next() == JsonToken.FIELD_NAME) {
      String name = names.check(p.currentName());
      next();
      switch (name) {
        case "bans" -> readArray("bans.bans", this::readBan, entries::add);
        case "history" -> readArray("bans.history", this::readBanRecord, history::add);
        default -> p.skipChildren();
      }
    }
    return new BanListSnapshot(entries, history);
  }

  private BanEntry readBan() throws IOException {
    expectObject("a ban");
    FieldNames names = new FieldNames();
    BanTarget target = null;
    Instant created = null;
    Instant until = null;
    String reason = null;
    List<String> evidence = List.of();
    while (next() == JsonToken.FIELD_NAME) {
      String name = names.check(p.currentName());
      next();
      switch (name) {
        case "subnet" -> target = onlyTarget(target, BanTarget.of(Subnet.parse(string(name))));
        case "nodeId" -> target = onlyTarget(target, BanTarget.of(NodeId.parse(string(name))));
        case "created" -> created = instant(name);
        case "until" -> until = instant(name);
        case "reason" -> reason = string(name);
        case "evidence" -> evidence = strings(name);
        default -> p.skipChildren();
      }
    }
    if (target == null) {
      throw new InvalidValueException("a ban needs a 'subnet' or a 'nodeId', it has neither");
    }
    return new BanEntry(
        target,
        required(created, "created"),
        Optional.ofNullable(until),
        required(reason, "reason"),
        evidence);
  }

  private static BanTarget onlyTarget(BanTarget existing, BanTarget target) {
    if (existing != null) {
      throw new InvalidValueException("a ban has both a 'subnet' and a 'nodeId'; it needs one");
    }
    return target;
  }

  private BanRecord readBanRecord() throws IOException {
    expectObject("a ban history record");
    FieldNames names = new FieldNames();
    BanRecord.Action action = null;
    Instant at = null;
    BanEntry ban = null;
    while (next() == JsonToken.FIELD_NAME) {
      String name = names.check(p.currentName());
      next();
      switch (name) {
        case "action" -> action = enumValue(BanRecord.Action.class, name);
        case "at" -> at = instant(name);
        case "ban" -> ban = readBan();
        default -> p.skipChildren();
      }
    }
    return new BanRecord(required(action, "action"), required(ban, "ban"), required(at, "at"));
  }

  private AddressBookSnapshot readAddressBook() throws IOException {
    expectObject("'addressBook'");
    FieldNames names = new FieldNames();
    byte[] key = null;
    Integer newBuckets = null;
    Integer triedBuckets = null;
    Integer bucketSize = null;
    Integer perSourceGroup = null;
    Integer perGroup = null;
    Instant lastGood = null;
    List<PeerAddress> collisions = new ArrayList<>();
    List<AddressBookSnapshot.Entry> entries = new ArrayList<>();
    // Each kept entry's position in the file, for the warning if its buckets are out of range.
    IntList entryIndexes = new IntList();
    while (next() == JsonToken.FIELD_NAME) {
      String name = names.check(p.currentName());
      next();
      switch (name) {
        case "key" -> key = hexKey(name);
        case "newBuckets" -> newBuckets = intValue(name);
        case "triedBuckets" -> triedBuckets = intValue(name);
        case "bucketSize" -> bucketSize = intValue(name);
        case "newBucketsPerSourceGroup" -> perSourceGroup = intValue(name);
        case "triedBucketsPerGroup" -> perGroup = intValue(name);
        case "lastGood" -> lastGood = instant(name);
        case "collisions" ->
            readArray("addressBook.collisions", () -> address("collision"), collisions::add);
        case "entries" -> {
          int decoded = 0;
          if (lines != null && p.currentToken() == JsonToken.START_ARRAY) {
            // Each entry's index is its position in the list, counted from 0.
            decoded =
                lines.takeEntries(
                    p.currentLocation().getByteOffset(),
                    new BookEntryLine(addressText, sources, this::box),
                    entry -> {
                      entryIndexes.add(entries.size());
                      entries.add(entry);
                    });
          }
          readArray(
              "addressBook.entries",
              decoded,
              this::readBookEntry,
              entry -> {
                entries.add(entry);
                entryIndexes.add(whereIndex);
              });
        }
        default -> p.skipChildren();
      }
    }
    int buckets = required(newBuckets, "newBuckets");
    // Checked here, not in the entry reader, because the geometry may come after the entries.
    List<AddressBookSnapshot.Entry> kept = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      AddressBookSnapshot.Entry entry = entries.get(i);
      List<Integer> entryBuckets = entry.newBuckets();
      Integer outOfRange = null;
      // By index: an iterator per entry was 7% of the load's allocation.
      for (int b = 0; b < entryBuckets.size(); b++) {
        int bucket = entryBuckets.get(b);
        if (bucket < 0 || bucket >= buckets) {
          outOfRange = bucket;
          break;
        }
      }
      if (outOfRange == null) {
        kept.add(entry);
      } else {
        warnings.entryDropped(
            "addressBook.entries[" + entryIndexes.get(i) + "]",
            "new bucket " + outOfRange + " is outside the table's " + buckets + " buckets");
      }
    }
    return new AddressBookSnapshot(
        required(key, "key"),
        buckets,
        required(triedBuckets, "triedBuckets"),
        required(bucketSize, "bucketSize"),
        required(perSourceGroup, "newBucketsPerSourceGroup"),
        required(perGroup, "triedBucketsPerGroup"),
        Optional.ofNullable(lastGood),
        kept,
        collisions);
  }

  private AddressBookSnapshot.Entry readBookEntry() throws IOException {
    expectObject("an address book entry");
    // The hot loop of an 80k-address load: duplicates are found with a bit per member instead
    // of a list of names.
    int seen = 0;
    PeerAddress address = null;
    PeerAddress source = null;
    Instant lastSeen = null;
    Instant lastTry = null;
    Instant lastCountedAttempt = null;
    Instant lastSuccess = null;
    Integer attempts = null;
    Boolean tried = null;
    List<Integer> newBuckets = List.of();
    // nextFieldName() reads the name without the separate FIELD_NAME step of nextToken().
    String name;
    while ((name = p.nextFieldName()) != null) {
      next();
      switch (name) {
        case "address" -> {
          seen = once(seen, 1, name);
          address = address(name);
        }
        case "source" -> {
          seen = once(seen, 1 << 1, name);
          source = source(name);
        }
        case "lastSeen" -> {
          seen = once(seen, 1 << 2, name);
          lastSeen = instant(name);
        }
        case "lastTry" -> {
          seen = once(seen, 1 << 3, name);
          lastTry = instant(name);
        }
        case "lastCountedAttempt" -> {
          seen = once(seen, 1 << 4, name);
          lastCountedAttempt = instant(name);
        }
        case "lastSuccess" -> {
          seen = once(seen, 1 << 5, name);
          lastSuccess = instant(name);
        }
        case "attempts" -> {
          seen = once(seen, 1 << 6, name);
          attempts = count(name, StoreFormat.MAX_ATTEMPTS);
        }
        case "tried" -> {
          seen = once(seen, 1 << 7, name);
          tried = bool(name);
        }
        case "newBuckets" -> {
          seen = once(seen, 1 << 8, name);
          newBuckets = ints(name);
        }
        default -> p.skipChildren();
      }
    }
    endOfObject();
    return new AddressBookSnapshot.Entry(
        required(address, "address"),
        required(source, "source"),
        required(lastSeen, "lastSeen"),
        Optional.ofNullable(lastTry),
        Optional.ofNullable(lastCountedAttempt),
        Optional.ofNullable(lastSuccess),
        required(attempts, "attempts"),
        required(tried, "tried"),
        newBuckets);
  }

  /**
   * After {@link JsonParser#nextFieldName()} returned null: the object must have ended, as {@code
   * next() == FIELD_NAME} would have found; at the end of the input that is the same EOF error.
   */
  private void endOfObject() throws IOException {
    JsonToken token = p.currentToken();
    if (token == null) {
      throw new JsonEOFException(p, null, "the document ends inside 'content'");
    }
  }

  /** A growable list of ints, without a boxed Integer per element. */
  private static final class IntList {
    private int[] values = new int[1024];
    private int size;

    void add(int value) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int get(int i) {
      return values[i];
    }
  }

  // ---- Structure ----------------------------------------------------------------------------

  private <T> void readArray(String section, ElementReader<T> reader, Consumer<T> sink)
      throws IOException {
    readArray(section, 0, reader, sink);
  }

  /**
   * Reads a list's elements from the parser, the first of them being the list's element {@code
   * firstIndex} (the ones before were taken from the bytes), for the warnings' positions.
   */
  private <T> void readArray(
      String section, int firstIndex, ElementReader<T> reader, Consumer<T> sink)
      throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new InvalidValueException(quote(section) + " must be a list, was " + describe());
    }
    JsonStreamContext array = p.getParsingContext();
    String outerName = whereName;
    int outerIndex = whereIndex;
    whereName = section;
    int index = firstIndex;
    while (next() != JsonToken.END_ARRAY) {
      whereIndex = index;
      try {
        sink.accept(reader.read());
      } catch (InvalidValueException
          | IllegalArgumentException
          | DateTimeException
          | ArithmeticException e) {
        skipTo(array);
        warnings.entryDropped(where(), e.getMessage());
      }
      index++;
    }
    whereName = outerName;
    whereIndex = outerIndex;
  }

  private String where() {
    return whereIndex < 0 ? whereName : whereName + "[" + whereIndex + "]";
  }

  /** Consumes tokens until the parser is back in {@code context}, after a failed element. */
  private void skipTo(JsonStreamContext context) throws IOException {
    while (p.getParsingContext() != context) {
      next();
    }
  }

  private JsonToken next() throws IOException {
    JsonToken token = p.nextToken();
    if (token == null) {
      throw new JsonEOFException(p, null, "the document ends inside 'content'");
    }
    return token;
  }

  private void expectObject(String what) {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new InvalidValueException(what + " must be an object, was " + describe());
    }
  }

  /** Marks a member of a bit-tracked record as seen, failing if it was seen before. */
  private static int once(int seen, int bit, String name) {
    if ((seen & bit) != 0) {
      throw new InvalidValueException("member " + shown(name) + " appears twice");
    }
    return seen | bit;
  }

  /** Detects a member given twice in one object, which JSON parsers disagree about. */
  private static final class FieldNames {
    private final String[] seen = new String[16];
    private int count;

    String check(String name) {
      for (int i = 0; i < count; i++) {
        if (seen[i].equals(name)) {
          throw new InvalidValueException("member " + shown(name) + " appears twice");
        }
      }
      if (count < seen.length) {
        seen[count++] = name;
      }
      return name;
    }
  }

  private static <T> T required(T value, String name) {
    if (value == null) {
      throw new InvalidValueException("required member " + quote(name) + " is missing");
    }
    return value;
  }

  // ---- Values -------------------------------------------------------------------------------

  private String string(String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw wrongType(field, "a string");
    }
    return p.getText();
  }

  private boolean bool(String field) {
    JsonToken token = p.currentToken();
    if (token == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (token == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw wrongType(field, "true or false");
  }

  private long longValue(String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(field, "an integer");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new InvalidValueException(
          quote(field) + " is " + bounded(p.getText()) + ", out of range for a 64-bit integer");
    }
    return p.getLongValue();
  }

  private int intValue(String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(field, "an integer");
    }
    if (p.getNumberType() != JsonParser.NumberType.INT) {
      throw new InvalidValueException(
          quote(field) + " is " + bounded(p.getText()) + ", out of range for a 32-bit integer");
    }
    return p.getIntValue();
  }

  /**
   * A count: an integer of any size, 0 or more; one above {@code max} is loaded as {@code max} with
   * a warning, so the node's next increment cannot overflow it.
   */
  private int count(String field, int max) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(field, "an integer");
    }
    boolean small = p.getNumberType() == JsonParser.NumberType.INT;
    if (small ? p.getIntValue() < 0 : p.getText().startsWith("-")) {
      throw new InvalidValueException(
          quote(field) + " is " + bounded(p.getText()) + ", expected 0 or more");
    }
    if (small && p.getIntValue() <= max) {
      return p.getIntValue();
    }
    warnings.valueClamped(
        where(),
        quote(field)
            + " is "
            + bounded(p.getText())
            + ", expected at most "
            + max
            + "; loaded as "
            + max);
    return max;
  }

  private double doubleValue(String field) throws IOException {
    JsonToken token = p.currentToken();
    if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(field, "a number");
    }
    return p.getDoubleValue();
  }

  /**
   * A time, in {@link StoreFormat#FIRST_TIME} .. {@link StoreFormat#LAST_TIME}: one outside is
   * loaded as the nearest end, with a warning, so the node's time arithmetic cannot overflow.
   */
  private Instant instant(String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw wrongType(field, "a string");
    }
    Instant instant;
    try {
      instant = InstantText.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    } catch (DateTimeException e) {
      throw new InvalidValueException(
          quote(field)
              + " is "
              + shown(p.getText())
              + ", not an ISO-8601 UTC time like 2026-01-31T12:00:00Z");
    }
    Instant loaded =
        instant.isBefore(StoreFormat.FIRST_TIME)
            ? StoreFormat.FIRST_TIME
            : instant.isAfter(StoreFormat.LAST_TIME) ? StoreFormat.LAST_TIME : instant;
    if (loaded != instant) {
      warnings.valueClamped(
          where(),
          quote(field)
              + " is "
              + shown(p.getText())
              + ", expected a time from "
              + StoreFormat.FIRST_TIME
              + " to "
              + StoreFormat.LAST_TIME
              + "; loaded as "
              + loaded);
    }
    return loaded;
  }

  private Duration duration(String field) throws IOException {
    String text = string(field);
    try {
      return Duration.parse(text);
    } catch (DateTimeException e) {
      throw new InvalidValueException(
          quote(field) + " is " + shown(text) + ", not an ISO-8601 duration like PT0.25S");
    }
  }

  private PeerAddress address(String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw wrongType(field, "a string");
    }
    return addressText.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

  private PeerAddress source(String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw wrongType(field, "a string");
    }
    return sources.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), addressText);
  }

  private List<PeerAddress> addresses(String field) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType(field, "a list of addresses");
    }
    List<PeerAddress> list = new ArrayList<>();
    while (next() != JsonToken.END_ARRAY) {
      list.add(address(field));
    }
    return list;
  }

  private List<String> strings(String field) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType(field, "a list of strings");
    }
    List<String> list = new ArrayList<>();
    while (next() != JsonToken.END_ARRAY) {
      list.add(string(field));
    }
    return list;
  }

  private List<Integer> ints(String field) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType(field, "a list of integers");
    }
    // Most entries list one to three buckets: immutable lists of those sizes are what the
    // snapshot keeps anyway, so build them directly instead of copying.
    if (next() == JsonToken.END_ARRAY) {
      return List.of();
    }
    Integer first = box(intValue(field));
    if (next() == JsonToken.END_ARRAY) {
      return List.of(first);
    }
    Integer second = box(intValue(field));
    if (next() == JsonToken.END_ARRAY) {
      return List.of(first, second);
    }
    List<Integer> list = new ArrayList<>();
    list.add(first);
    list.add(second);
    do {
      list.add(box(intValue(field)));
    } while (next() != JsonToken.END_ARRAY);
    return list;
  }

  /**
   * Bucket numbers boxed once per document: {@code Integer.valueOf} caches only up to 127, and a
   * book's entries hold about 130,000 bucket numbers from a table of 1,024. Bounded: larger and
   * negative numbers are boxed each time.
   */
  private final Integer[] boxes = new Integer[4096];

  private Integer box(int value) {
    if (value < 0 || value >= boxes.length) {
      return value;
    }
    Integer boxed = boxes[value];
    if (boxed == null) {
      boxed = value;
      boxes[value] = boxed;
    }
    return boxed;
  }

  private Set<PeerFlag> flags(String field) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType(field, "a list of flags");
    }
    Set<PeerFlag> flags = EnumSet.noneOf(PeerFlag.class);
    while (next() != JsonToken.END_ARRAY) {
      flags.add(enumValue(PeerFlag.class, field));
    }
    return flags;
  }

  private <E extends Enum<E>> E enumValue(Class<E> type, String field) throws IOException {
    String text = string(field);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(text)) {
        return constant;
      }
    }
    throw new InvalidValueException(
        quote(field) + " is " + shown(text) + ", expected one of " + EnumSet.allOf(type));
  }

  private byte[] hexKey(String field) throws IOException {
    String text = string(field);
    try {
      return HEX.parseHex(text);
    } catch (IllegalArgumentException e) {
      // Never quote the text: it is the book's secret key, or close to it.
      throw new InvalidValueException(quote(field) + " is not hexadecimal");
    }
  }

  private InvalidValueException wrongType(String field, String expected) {
    return new InvalidValueException(quote(field) + " must be " + expected + ", was " + describe());
  }

  /** Describes the current token for a message, quoting strings up to a bounded length. */
  private String describe() {
    JsonToken token = p.currentToken();
    if (token == null) {
      return "nothing";
    }
    try {
      return switch (token) {
        case START_OBJECT -> "an object";
        case START_ARRAY -> "a list";
        case VALUE_STRING -> "the string " + shown(p.getText());
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + bounded(p.getText());
        case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> p.getText();
        default -> token.toString();
      };
    } catch (IOException e) {
      return token.toString();
    }
  }

  static String quote(String name) {
    return "'" + name + "'";
  }

  /** A number's text for a message, cut to a bounded length (JSON numbers need no escaping). */
  private static String bounded(String number) {
    return number.length() <= MAX_SHOWN ? number : number.substring(0, MAX_SHOWN) + "...";
  }

  /** Quotes untrusted text for a message, escaped and cut to a bounded length. */
  static String shown(String text) {
    StringBuilder out = new StringBuilder("\"");
    int shown = Math.min(text.length(), MAX_SHOWN);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (shown < text.length()) {
      out.append("...");
    }
    return out.toString();
  }
}
