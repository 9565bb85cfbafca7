package dev.peerage.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.BanListSnapshot;
import dev.peerage.core.ban.BanTarget;
import dev.peerage.core.book.AddressBookSnapshot;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerSource;
import dev.peerage.core.peer.PeerStatistics;
import dev.peerage.core.score.ScoreState;
import dev.peerage.core.spi.CachedPeer;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.store.json.JsonPeerStore;
import dev.peerage.store.json.internal.SnapshotWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What crash safety costs: {@code JsonPeerStore} saving and loading a node's whole snapshot, next
 * to the same data written and read without any of the safety steps.
 *
 * <p>The snapshot holds an address book of {@link #addresses} entries (1k, 16k, and 80k, about the
 * default book's capacity of 81,920), plus what a busy node keeps besides: 50 managed peers, 1,000
 * bans, 2,000 scores, 2 anchors and 100 cached peers. Addresses are random IPv4 (80%) and IPv6 from
 * a fixed seed, learned from a pool of 2,000 sources, with millisecond times (what the address book
 * stores), 20% tried, the rest in one to three new buckets.
 *
 * <ul>
 *   <li>{@link #save()}: {@code JsonPeerStore.save}: stream and hash the document into a temporary
 *       file, {@code fsync} it, hard-link the old file as the backup, rename, {@code fsync} the
 *       directory.
 *   <li>{@link #writeWithoutSafety()}: the same writer into a plain file: no temporary file, no
 *       {@code fsync}, no backup, no rename (the checksum is still computed).
 *   <li>{@link #jacksonWriteValue()}: {@code ObjectMapper.writeValue} of the same document read
 *       back as maps and lists: plain Jackson, nothing else.
 *   <li>{@link #load()}: {@code JsonPeerStore.load}: streaming parse, validation of every value
 *       through the core types, the checksum pass, the key file.
 *   <li>{@link #jacksonReadValue()}: {@code ObjectMapper.readValue(file, Map.class)}: plain Jackson
 *       into maps and lists, no validation, no checksum.
 * </ul>
 *
 * <p>Files live in a temporary directory ({@code java.io.tmpdir}), so the {@code fsync} costs are
 * those of that file system. Run with {@code java -jar peer-benchmarks/target/benchmarks.jar
 * Store}; for a quick look add {@code -f 1 -wi 2 -i 3}. Results are in milliseconds per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreBenchmark {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final int SOURCES = 2_000;

  /** Entries in the address book. */
  @Param({"1000", "16000", "80000"})
  public int addresses;

  private Path directory;
  private JsonPeerStore store;
  private PeerSnapshot snapshot;
  private Path plainFile;
  private Path jacksonFile;
  private Object sameDataAsMaps;
  private final ObjectMapper mapper = new ObjectMapper();
  private final SnapshotWriter writer = new SnapshotWriter();

  /** Builds the snapshot, opens a store and saves it once so that loads have a file. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, PeerStoreException {
    snapshot = snapshot(addresses, new SplittableRandom(42));
    directory = Files.createTempDirectory("peerage-store-benchmark");
    store = JsonPeerStore.open(directory.resolve("store"));
    store.save(snapshot);
    plainFile = directory.resolve("plain.json");
    jacksonFile = directory.resolve("jackson.json");
    sameDataAsMaps =
        mapper.readValue(
            directory.resolve("store").resolve(JsonPeerStore.SNAPSHOT_FILE).toFile(), Map.class);
  }

  /** Closes the store and removes the files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * Saves the snapshot with every safety step.
   *
   * @throws PeerStoreException if the save fails
   */
  @Benchmark
  public void save() throws PeerStoreException {
    store.save(snapshot);
  }

  /**
   * Writes the same document into a plain file, without the safety steps.
   *
   * @throws IOException if writing fails
   */
  @Benchmark
  public void writeWithoutSafety() throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(plainFile), 1 << 16)) {
      writer.write(snapshot, NOW, out);
    }
  }

  /**
   * Writes the same data with plain Jackson data binding.
   *
   * @throws IOException if writing fails
   */
  @Benchmark
  public void jacksonWriteValue() throws IOException {
    mapper.writeValue(jacksonFile.toFile(), sameDataAsMaps);
  }

  /**
   * Loads the snapshot with every check.
   *
   * @return the snapshot, so the JIT cannot drop the work
   * @throws PeerStoreException if the load fails
   */
  @Benchmark
  public PeerSnapshot load() throws PeerStoreException {
    return store.load();
  }

  /**
   * Reads the same document with plain Jackson data binding, without any check.
   *
   * @return the maps, so the JIT cannot drop the work
   * @throws IOException if reading fails
   */
  @Benchmark
  public Object jacksonReadValue() throws IOException {
    return mapper.readValue(
        directory.resolve("store").resolve(JsonPeerStore.SNAPSHOT_FILE).toFile(), Map.class);
  }

  /** A realistic snapshot with {@code size} address book entries. */
  static PeerSnapshot snapshot(int size, SplittableRandom random) {
    List<PeerAddress> sources = new ArrayList<>(SOURCES);
    for (int i = 0; i < SOURCES; i++) {
      sources.add(randomAddress(random));
    }
    Set<PeerAddress> seen = new LinkedHashSet<>();
    while (seen.size() < size) {
      seen.add(randomAddress(random));
    }
    List<AddressBookSnapshot.Entry> entries = new ArrayList<>(size);
    for (PeerAddress address : seen) {
      boolean tried = random.nextInt(5) == 0;
      Instant lastSeen = NOW.minusMillis(random.nextLong(30L * 86_400_000));
      Optional<Instant> lastTry =
          random.nextInt(3) == 0
              ? Optional.of(NOW.minusMillis(random.nextLong(86_400_000)))
              : Optional.empty();
      List<Integer> buckets = new ArrayList<>();
      if (!tried) {
        for (int refs = 1 + random.nextInt(3); buckets.size() < refs; ) {
          buckets.add(random.nextInt(1024));
        }
      }
      entries.add(
          new AddressBookSnapshot.Entry(
              address,
              sources.get(random.nextInt(SOURCES)),
              lastSeen,
              lastTry,
              Optional.empty(),
              tried ? Optional.of(lastSeen) : Optional.empty(),
              random.nextInt(3),
              tried,
              buckets));
    }
    byte[] key = new byte[16];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) random.nextInt(256);
    }
    AddressBookSnapshot book =
        new AddressBookSnapshot(key, 1024, 256, 64, 64, 8, Optional.of(NOW), entries, List.of());

    List<PeerEntry> peers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      peers.add(
          PeerEntry.builder()
              .id("peer-" + i)
              .address(sources.get(i))
              .label("Peer number " + i)
              .source(i < 5 ? PeerSource.DEFAULT_BOOTSTRAP : PeerSource.MANUAL)
              .isProtected(i < 5)
              .network(NetworkId.MAIN)
              .addedAt(NOW.minusSeconds(86_400L * i))
              .lastSeen(NOW.minusSeconds(i))
              .statistics(
                  new PeerStatistics(
                      i,
                      i / 2,
                      1_000_000L * i,
                      500_000L * i,
                      Optional.of(Duration.ofMillis(20 + i)),
                      (i + 1.0) / (i + i / 2 + 2.0)))
              .build());
    }
    List<BanEntry> bans = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      bans.add(
          new BanEntry(
              BanTarget.of(Subnet.of(randomIpv4(random), 24 + random.nextInt(9))),
              NOW.minusSeconds(i),
              Optional.of(NOW.plusSeconds(86_400 - i)),
              "misbehaviour",
              List.of("INVALID_MESSAGE")));
    }
    Map<PeerAddress, ScoreState> scores = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      scores.put(
          sources.get(i),
          new ScoreState(
              random.nextDouble() * 100,
              random.nextDouble() * 10,
              Optional.of(Duration.ofMillis(10 + random.nextInt(500))),
              random.nextDouble() * 20,
              OptionalDouble.of(random.nextDouble() * 1e7),
              random.nextDouble() * 5,
              0,
              NOW.minusSeconds(i),
              false,
              Optional.of(NOW.minusSeconds(i))));
    }
    List<CachedPeer> cached = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      cached.add(
          new CachedPeer(
              sources.get(i),
              Optional.empty(),
              NOW.minusSeconds(i * 60L),
              new PeerStatistics(3, 1, 4096, 2048, Optional.of(Duration.ofMillis(30)), 0.66)));
    }
    return new PeerSnapshot(
        Optional.of(NOW),
        Optional.of(NodeIdentity.fromSeed(1)),
        peers,
        Optional.of(book),
        Optional.of(new BanListSnapshot(bans, List.of())),
        scores,
        List.of(sources.get(0), sources.get(1)),
        cached);
  }

  private static PeerAddress randomAddress(SplittableRandom random) {
    if (random.nextInt(5) == 0) {
      byte[] ip = new byte[16];
      ip[0] = 0x20;
      ip[1] = 0x01;
      for (int i = 2; i < ip.length; i++) {
        ip[i] = (byte) random.nextInt(256);
      }
      return PeerAddress.ofIp(ip, 1 + random.nextInt(65_535));
    }
    return PeerAddress.ofIp(randomIpv4(random).ipBytes(), 1 + random.nextInt(65_535));
  }

  private static PeerAddress randomIpv4(SplittableRandom random) {
    byte[] ip = new byte[4];
    ip[0] = (byte) (1 + random.nextInt(223));
    for (int i = 1; i < ip.length; i++) {
      ip[i] = (byte) random.nextInt(256);
    }
    return PeerAddress.ofIp(ip, 8333);
  }
}
