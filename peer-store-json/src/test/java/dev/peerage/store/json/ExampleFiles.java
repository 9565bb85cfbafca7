package dev.peerage.store.json;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The example store in {@code docs/persistence-example/}: the snapshot it holds and how to write it
 * again. {@code DocumentedExampleTest} checks that the files there are exactly what the code
 * writes; run {@link #main} from the module directory to regenerate them after a format change.
 */
public final class ExampleFiles {
  /** The example's directory, relative to the module directory (where Maven runs tests). */
  static final Path DIRECTORY = Path.of("..", "docs", "persistence-example");

  /** When the example was written. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:15:30Z"), ZoneOffset.UTC);

  private ExampleFiles() {}

  /** The example snapshot: a little of everything, with readable values. */
  static PeerSnapshot snapshot() {
    Instant t = Instant.parse("2026-11-21T10:15:00Z");
    NodeIdentity identity = NodeIdentity.fromSeed(2026);
    PeerEntry bootstrap =
        PeerEntry.builder()
            .id("main-seed-1")
            .address(PeerAddress.parse("seed1.example.org:9798"))
            .label("Example seed 1")
            .source(PeerSource.DEFAULT_BOOTSTRAP)
            .network(NetworkId.MAIN)
            .isProtected(true)
            .flag(PeerFlag.AUTO_CONNECT, true)
            .addedAt(Instant.parse("2026-01-01T00:00:00Z"))
            .lastSeen(t.minusSeconds(60))
            .lastSuccess(t.minusSeconds(3600))
            .statistics(
                new PeerStatistics(
                    41, 2, 183_500_000, 2_400_000, Optional.of(Duration.ofMillis(48)), 42.0 / 45))
            .build();
    PeerEntry friend =
        PeerEntry.builder()
            .id("alices-node")
            .addresses(
                List.of(
                    PeerAddress.parse("[2001:db8::7]:9798"), PeerAddress.parse("203.0.113.7:9798")))
            .nodeId(NodeIdentity.fromSeed(7).nodeId())
            .label("Alice's node")
            .notes("Paired by ticket on 3 March.\nBehind a VPN: never share it.")
            .source(PeerSource.TICKET)
            .network(NetworkId.MAIN)
            .flags(java.util.EnumSet.of(PeerFlag.PERSISTENT, PeerFlag.PRIVATE))
            .addedAt(Instant.parse("2026-03-03T18:30:00Z"))
            .build();
    byte[] key = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    List<AddressBookSnapshot.Entry> entries =
        List.of(
            new AddressBookSnapshot.Entry(
                PeerAddress.parse("198.51.100.20:9798"),
                PeerAddress.parse("203.0.113.7:9798"),
                t.minusSeconds(7200),
                Optional.of(t),
                Optional.empty(),
                Optional.of(t),
                0,
                true,
                List.of()),
            new AddressBookSnapshot.Entry(
                PeerAddress.parse("192.0.2.33:9798"),
                PeerAddress.parse("203.0.113.7:9798"),
                t.minusSeconds(86_400),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0,
                false,
                List.of(17, 802)),
            new AddressBookSnapshot.Entry(
                PeerAddress.parse("[2001:db8:1::5]:9798"),
                PeerAddress.parse("seed1.example.org:9798"),
                t.minusSeconds(3 * 86_400),
                Optional.of(t.minusSeconds(600)),
                Optional.of(t.minusSeconds(600)),
                Optional.empty(),
                1,
                false,
                List.of(511)));
    AddressBookSnapshot book =
        new AddressBookSnapshot(key, 1024, 256, 64, 64, 8, Optional.of(t), entries, List.of());
    BanEntry spammer =
        new BanEntry(
            BanTarget.of(Subnet.parse("198.51.100.0/24")),
            t.minusSeconds(1800),
            Optional.of(t.minusSeconds(1800).plus(Duration.ofHours(24))),
            "misbehaviour score reached 100",
            List.of("2026-11-21T09:40:12Z INVALID_MESSAGE x4"));
    BanEntry impostor =
        new BanEntry(
            BanTarget.of(NodeIdentity.fromSeed(666).nodeId()),
            Instant.parse("2026-11-01T00:00:00Z"),
            Optional.empty(),
            "banned by the operator",
            List.of());
    BanListSnapshot bans =
        new BanListSnapshot(
            List.of(spammer, impostor),
            List.of(
                new BanRecord(BanRecord.Action.BANNED, impostor, impostor.created()),
                new BanRecord(BanRecord.Action.BANNED, spammer, spammer.created())));
    Map<PeerAddress, ScoreState> scores =
        Map.of(
            PeerAddress.parse("seed1.example.org:9798"),
            new ScoreState(
                38.5,
                1.75,
                Optional.of(Duration.ofMillis(51)),
                12.25,
                OptionalDouble.of(1_250_000),
                3.5,
                0,
                t,
                true,
                Optional.empty()),
            PeerAddress.parse("198.51.100.20:9798"),
            new ScoreState(
                0,
                3,
                Optional.empty(),
                0,
                OptionalDouble.empty(),
                0,
                40,
                t.minusSeconds(1800),
                false,
                Optional.of(t.minusSeconds(1800))));
    List<CachedPeer> cached =
        List.of(
            new CachedPeer(
                PeerAddress.parse("203.0.113.7:9798"),
                Optional.of(NodeIdentity.fromSeed(7).nodeId()),
                t,
                new PeerStatistics(
                    12, 0, 9_000_000, 7_500_000, Optional.of(Duration.ofMillis(23)), 13.0 / 14)));
    return new PeerSnapshot(
        Optional.of(t.plusSeconds(30)),
        Optional.of(identity),
        List.of(bootstrap, friend),
        Optional.of(book),
        Optional.of(bans),
        scores,
        List.of(PeerAddress.parse("seed1.example.org:9798")),
        cached);
  }

  /** Writes the example store's files into {@code directory} (which must not be in use). */
  static void write(Path directory) throws Exception {
    try (JsonPeerStore store = JsonPeerStore.builder(directory).clock(CLOCK).open()) {
      store.save(snapshot());
    }
  }

  /**
   * Regenerates the example in {@code docs/persistence-example/}.
   *
   * @param args none
   * @throws Exception if writing fails
   */
  public static void main(String[] args) throws Exception {
    Path scratch = Files.createTempDirectory("peerage-example");
    write(scratch);
    Files.createDirectories(DIRECTORY);
    for (String name : List.of(JsonPeerStore.SNAPSHOT_FILE, JsonPeerStore.KEY_FILE)) {
      Files.copy(
          scratch.resolve(name),
          DIRECTORY.resolve(name),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    System.out.println("wrote " + DIRECTORY.toAbsolutePath().normalize());
  }
}
