package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;

/** Snapshots for tests: every field set, deterministic from a seed, of any address book size. */
final class Snapshots {
  /** A fixed instant with nanoseconds, far from any real clock. */
  static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456789Z");

  private Snapshots() {}

  /** The address with number {@code i}: unique, mixing IPv4 and IPv6, never mapped or equal. */
  static PeerAddress address(int i) {
    if (i % 4 == 3) {
      return PeerAddress.parse(
          "[2001:db8:"
              + Integer.toHexString(i >>> 16)
              + ":"
              + Integer.toHexString(i & 0xffff)
              + "::1]:"
              + (1 + i % 65535));
    }
    int v = 0x0B00_0000 + i * 7;
    return PeerAddress.parse(
        ((v >>> 24) & 0xff)
            + "."
            + ((v >>> 16) & 0xff)
            + "."
            + ((v >>> 8) & 0xff)
            + "."
            + (v & 0xff)
            + ":"
            + (8333 + i % 3));
  }

  static NodeId nodeId(int i) {
    return NodeIdentity.fromSeed(1_000_000L + i).nodeId();
  }

  /** A snapshot that sets every field of every type, with an address book of {@code size}. */
  static PeerSnapshot full(long seed, int addressBookSize) {
    Random random = new Random(seed);
    return new PeerSnapshot(
        Optional.of(T0.plusSeconds(seed)),
        Optional.of(NodeIdentity.fromSeed(seed)),
        peers(),
        Optional.of(addressBook(random, addressBookSize)),
        Optional.of(bans()),
        scores(),
        List.of(address(1), PeerAddress.parse("anchor.example.org:9000")),
        List.of(
            new CachedPeer(
                address(2),
                Optional.of(nodeId(2)),
                T0.minusSeconds(60),
                new PeerStatistics(3, 1, 1000, 2000, Optional.of(Duration.ofMillis(45)), 0.6)),
            new CachedPeer(address(3), Optional.empty(), T0, PeerStatistics.EMPTY)));
  }

  static List<PeerEntry> peers() {
    List<PeerEntry> peers = new ArrayList<>();
    peers.add(
        PeerEntry.builder()
            .id("seed-1")
            .addresses(
                List.of(PeerAddress.parse("seed.example.org:8333"), address(10), address(11)))
            .nodeId(nodeId(10))
            .label("Bootstrap \"one\" \\ 🚀 naïve")
            .notes("line one\n\tline two with ünïcödé and \"quotes\"")
            .source(PeerSource.DEFAULT_BOOTSTRAP)
            .network(NetworkId.MAIN)
            .enabled(false)
            .isProtected(true)
            .flags(EnumSet.allOf(PeerFlag.class))
            // The two ends of the range a load accepts without clamping.
            .addedAt(Instant.parse("1970-01-01T00:00:00Z"))
            .lastSeen(Instant.parse("9999-12-31T23:59:59.999999999Z"))
            .lastSuccess(T0.plusNanos(1))
            .statistics(
                new PeerStatistics(
                    Long.MAX_VALUE,
                    7,
                    0,
                    Long.MAX_VALUE,
                    Optional.of(Duration.ofSeconds(1234567, 890)),
                    0.1 + 0.2))
            .build());
    peers.add(
        PeerEntry.builder()
            .id("minimal")
            .address(address(12))
            .source(PeerSource.MANUAL)
            .network(NetworkId.of("my-net.2"))
            .addedAt(T0)
            .build());
    for (PeerSource source : PeerSource.values()) {
      peers.add(
          PeerEntry.builder()
              .id("src-" + source.name().toLowerCase().replace('_', '-'))
              .address(address(20 + source.ordinal()))
              .source(source)
              .network(NetworkId.TESTNET)
              .flag(PeerFlag.PRIVATE, source.ordinal() % 2 == 0)
              .addedAt(Instant.ofEpochSecond(0, 1))
              .statistics(new PeerStatistics(1, 0, 5, 6, Optional.of(Duration.ZERO), -0.0))
              .build());
    }
    return peers;
  }

  static AddressBookSnapshot addressBook(Random random, int size) {
    byte[] key = new byte[16];
    random.nextBytes(key);
    List<AddressBookSnapshot.Entry> entries = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      boolean tried = i % 5 == 0;
      List<Integer> buckets = new ArrayList<>();
      if (!tried) {
        int refs = 1 + random.nextInt(3);
        for (int r = 0; r < refs; r++) {
          buckets.add(random.nextInt(1024));
        }
      }
      Instant seen = T0.minusSeconds(random.nextInt(30 * 86_400));
      entries.add(
          new AddressBookSnapshot.Entry(
              address(1000 + i),
              address(i % 97),
              seen,
              i % 3 == 0 ? Optional.of(seen.plusMillis(random.nextInt(100_000))) : Optional.empty(),
              i % 7 == 0 ? Optional.of(seen.plusSeconds(5)) : Optional.empty(),
              tried ? Optional.of(seen.minusSeconds(random.nextInt(1000))) : Optional.empty(),
              i % 11,
              tried,
              buckets));
    }
    return new AddressBookSnapshot(
        key,
        1024,
        256,
        64,
        64,
        8,
        Optional.of(T0.minusSeconds(3)),
        entries,
        size > 2 ? List.of(address(1000), address(1001)) : List.of());
  }

  static BanListSnapshot bans() {
    BanEntry subnet4 =
        new BanEntry(
            BanTarget.of(Subnet.parse("1.2.0.0/16")),
            T0,
            Optional.of(T0.plusSeconds(86_400)),
            "spam, \"lots\"",
            List.of("a", "b ✓"));
    BanEntry subnet6 =
        new BanEntry(
            BanTarget.of(Subnet.parse("2001:db8::/32")), T0, Optional.empty(), "", List.of());
    BanEntry node =
        new BanEntry(
            BanTarget.of(nodeId(77)),
            T0.minusNanos(1),
            Optional.of(T0.plusNanos(1)),
            "misbehaviour",
            List.of("invalid block at 12"));
    BanEntry single =
        new BanEntry(
            BanTarget.of(Subnet.parse("192.0.2.7")), T0, Optional.empty(), "single", List.of());
    List<BanRecord> history = new ArrayList<>();
    BanRecord.Action[] actions = BanRecord.Action.values();
    for (int i = 0; i < actions.length; i++) {
      history.add(new BanRecord(actions[i], i % 2 == 0 ? subnet4 : node, T0.plusSeconds(i)));
    }
    return new BanListSnapshot(List.of(subnet4, subnet6, node, single), history);
  }

  static Map<PeerAddress, ScoreState> scores() {
    Map<PeerAddress, ScoreState> scores = new HashMap<>();
    scores.put(address(30), ScoreState.initial(T0));
    scores.put(
        address(31),
        new ScoreState(
            ScoreState.MAX_OUTCOMES,
            4.9e-324,
            Optional.of(ScoreState.MAX_LATENCY),
            1.5,
            OptionalDouble.of(ScoreState.MAX_THROUGHPUT),
            2.25,
            ScoreState.MAX_MISBEHAVIOUR_POINTS,
            T0,
            true,
            Optional.empty()));
    scores.put(
        address(32),
        new ScoreState(
            1.0 / 3,
            2.0 / 3,
            Optional.of(Duration.ofNanos(1)),
            0.1,
            OptionalDouble.empty(),
            0,
            17.125,
            T0.plusSeconds(10),
            false,
            Optional.of(T0.plusSeconds(10))));
    scores.put(
        PeerAddress.parse("host.example.net:1"),
        new ScoreState(
            0,
            0,
            Optional.empty(),
            0,
            OptionalDouble.of(0),
            1e-9,
            0,
            Instant.EPOCH,
            false,
            Optional.of(Instant.EPOCH)));
    return scores;
  }

  /**
   * The address book of every {@link #numbered} snapshot, built once: the crash test's child should
   * spend its time saving, not building snapshots.
   */
  private static final AddressBookSnapshot NUMBERED_BOOK = addressBook(new Random(0), 40);

  private static final Map<Long, NodeIdentity> NUMBERED_IDENTITIES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A small snapshot that carries {@code k} in its score, its saved time and its peers: what the
   * crash test's child saves. The identity changes every 25 snapshots, so key files get replaced.
   */
  static PeerSnapshot numbered(long k) {
    List<PeerEntry> peers =
        List.of(
            PeerEntry.builder()
                .id("peer-" + k)
                .address(address((int) (k % 100_000)))
                .label("snapshot " + k)
                .source(PeerSource.MANUAL)
                .network(NetworkId.MAIN)
                .addedAt(T0.plusSeconds(k))
                .build());
    Map<PeerAddress, ScoreState> scores =
        Map.of(
            address(5),
            new ScoreState(
                k,
                0,
                Optional.empty(),
                0,
                OptionalDouble.empty(),
                0,
                0,
                T0,
                false,
                Optional.empty()));
    NodeIdentity identity = NUMBERED_IDENTITIES.computeIfAbsent(k / 25, NodeIdentity::fromSeed);
    return new PeerSnapshot(
        Optional.of(T0.plusSeconds(k)),
        Optional.of(identity),
        peers,
        Optional.of(NUMBERED_BOOK),
        Optional.of(bans()),
        scores,
        List.of(address(6)),
        List.of());
  }

  /** A snapshot of about 1.5 kB with every section, carrying {@code k} like {@link #numbered}. */
  static PeerSnapshot tiny(long k) {
    Map<PeerAddress, ScoreState> scores =
        Map.of(
            address(5),
            new ScoreState(
                k,
                0,
                Optional.empty(),
                0,
                OptionalDouble.empty(),
                0,
                0,
                T0,
                false,
                Optional.empty()));
    BanEntry ban =
        new BanEntry(
            BanTarget.of(Subnet.parse("1.2.0.0/16")), T0, Optional.empty(), "r", List.of());
    return new PeerSnapshot(
        Optional.of(T0.plusSeconds(k)),
        Optional.of(NodeIdentity.fromSeed(1)),
        List.of(
            PeerEntry.builder()
                .id("p" + k)
                .address(address(7))
                .source(PeerSource.MANUAL)
                .network(NetworkId.MAIN)
                .addedAt(T0)
                .build()),
        Optional.of(addressBook(new Random(k), 2)),
        Optional.of(new BanListSnapshot(List.of(ban), List.of())),
        scores,
        List.of(address(6)),
        List.of());
  }

  /** The number a {@link #numbered} snapshot carries. */
  static long numberOf(PeerSnapshot snapshot) {
    return (long) snapshot.scores().get(address(5)).successes();
  }

  /**
   * Asserts that two snapshots hold the same data. Needed because {@link NodeIdentity} compares by
   * reference: identities are compared by node id and private key.
   */
  static void assertSame(PeerSnapshot actual, PeerSnapshot expected) {
    assertThat(actual.identity().map(NodeIdentity::nodeId))
        .isEqualTo(expected.identity().map(NodeIdentity::nodeId));
    assertThat(actual.identity().map(NodeIdentity::privateKeyBytes).orElse(new byte[0]))
        .isEqualTo(expected.identity().map(NodeIdentity::privateKeyBytes).orElse(new byte[0]));
    assertThat(withoutIdentity(actual)).isEqualTo(withoutIdentity(expected));
  }

  static PeerSnapshot withoutIdentity(PeerSnapshot s) {
    return new PeerSnapshot(
        s.savedAt(),
        Optional.empty(),
        s.peers(),
        s.addressBook(),
        s.bans(),
        s.scores(),
        s.anchors(),
        s.cachedPeers());
  }
}
