package dev.peerage.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerSource;
import dev.peerage.core.peer.PeerStatistics;
import dev.peerage.core.score.ScoreState;
import dev.peerage.core.spi.CachedPeer;
import dev.peerage.core.spi.PeerSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random values of every numeric, textual and time component survive a save and a load exactly:
 * doubles to the last bit, instants to the nanosecond, any Unicode a label may hold.
 */
class RoundTripPropertyTest {
  private static Path dir;
  private static JsonPeerStore store;

  @BeforeContainer
  static void open() throws Exception {
    dir = Files.createTempDirectory("peerage-property");
    store = JsonPeerStore.open(dir);
  }

  @AfterContainer
  static void close() throws Exception {
    store.close();
    try (var files = Files.walk(dir)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Combinators.combine(
            Arbitraries.longs()
                // The range a load hands on unchanged; times outside it load clamped (see
                // OutOfRangeValueTest).
                .between(
                    Instant.EPOCH.getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond())
                .edgeCases(c -> c.add(0L)),
            Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<Double> unit() {
    return Arbitraries.doubles()
        .between(0, 1)
        .withSpecialValue(Double.MIN_VALUE)
        .withSpecialValue(-0.0)
        .withSpecialValue(1.0);
  }

  @Provide
  Arbitrary<Double> counts() {
    return Arbitraries.doubles()
        .between(0, ScoreState.MAX_OUTCOMES)
        .withSpecialValue(Double.MIN_VALUE)
        .withSpecialValue(ScoreState.MAX_OUTCOMES);
  }

  @Provide
  Arbitrary<String> labels() {
    return Arbitraries.strings()
        .all()
        .ofMinLength(1)
        .ofMaxLength(40)
        .filter(
            s ->
                s.strip().length() > 0
                    && s.codePoints().noneMatch(Character::isISOControl)
                    && s.codePoints().allMatch(Character::isDefined)
                    && !s.chars().anyMatch(c -> Character.isSurrogate((char) c))
                    && s.strip().codePointCount(0, s.strip().length())
                        <= PeerEntry.MAX_LABEL_LENGTH);
  }

  @Property(tries = 100)
  void peersStatisticsAndScoresRoundTrip(
      @ForAll("instants") Instant at,
      @ForAll("instants") Instant other,
      @ForAll("labels") String label,
      @ForAll long counter,
      @ForAll("unit") double reliability,
      @ForAll("counts") double successes,
      @ForAll("counts") double weight,
      @ForAll("unit") double fraction)
      throws Exception {
    long positive = counter == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(counter);
    Duration latency = Duration.ofSeconds(positive % 1_000_000_000L, positive % 1_000_000_000L);
    PeerStatistics statistics =
        new PeerStatistics(
            positive, positive / 3, positive / 7, positive / 11, Optional.of(latency), reliability);
    PeerEntry peer =
        PeerEntry.builder()
            .id("p")
            .address(PeerAddress.parse("1.2.3.4:5"))
            .label(label)
            .notes(label)
            .source(PeerSource.MANUAL)
            .network(NetworkId.MAIN)
            .addedAt(at)
            .lastSeen(other)
            .statistics(statistics)
            .build();
    Instant earlier = at.isBefore(other) ? at : other;
    Instant later = at.isBefore(other) ? other : at;
    ScoreState score =
        new ScoreState(
            successes,
            weight,
            Optional.of(Duration.ofNanos((long) (fraction * ScoreState.MAX_LATENCY.toNanos()))),
            weight,
            OptionalDouble.of(fraction * ScoreState.MAX_THROUGHPUT),
            fraction,
            fraction * ScoreState.MAX_MISBEHAVIOUR_POINTS,
            later,
            false,
            Optional.of(earlier));
    PeerSnapshot snapshot =
        new PeerSnapshot(
            Optional.of(at),
            Optional.empty(),
            List.of(peer),
            Optional.empty(),
            Optional.empty(),
            Map.of(PeerAddress.parse("[::1]:1"), score),
            List.of(),
            List.of(
                new CachedPeer(
                    PeerAddress.parse("5.6.7.8:9"), Optional.empty(), other, statistics)));
    store.save(snapshot);
    assertThat(store.load()).isEqualTo(snapshot);
    assertThat(store.lastLoadWarnings()).isEmpty();
  }
}
