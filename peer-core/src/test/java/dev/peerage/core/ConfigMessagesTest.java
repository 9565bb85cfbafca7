package dev.peerage.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.ban.BanPolicy;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.score.ScoringPolicy;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the one message form all four configuration classes share for a bad setting: {@code <name>
 * must be <expected>, was <value>}, or the bare name for {@code null}. A sample from each class.
 */
class ConfigMessagesTest {

  static Stream<Arguments> badSettings() {
    PeerManagerConfig.Builder manager = PeerManagerConfig.builder(NetworkId.MAIN);
    AddressBookConfig.Builder book = AddressBookConfig.builder();
    ScoringPolicy.Builder scoring = ScoringPolicy.builder();
    BanPolicy.Builder bans = BanPolicy.builder();
    Duration minus = Duration.ofSeconds(-1);
    return Stream.of(
        // PeerManagerConfig
        bad(() -> manager.inbound(InboundPolicy.ANYONE, -1),
            "maxInbound must be between 0 and 10000, was -1"),
        bad(() -> manager.maxCustomPeers(0), "maxCustomPeers must be between 1 and 100000, was 0"),
        bad(() -> manager.outbound(9, 8, 10), "minOutbound must be between 0 and 8, was 9"),
        bad(() -> manager.outbound(2, 8, 7), "maxOutbound must be between 8 and 1000, was 7"),
        bad(() -> manager.timeouts(Duration.ZERO, Duration.ofSeconds(15)),
            "connectTimeout must be positive and at most PT5M, was PT0S"),
        bad(() -> manager.intervals(Duration.ofSeconds(15), minus, Duration.ZERO),
            "feelerInterval must be between PT0S and PT24H, was PT-1S"),
        bad(() -> manager.exchange(1_000, Duration.ofMinutes(10), 0, 1_000),
            "addressRate must be positive and at most 1000000.0, was 0.0"),
        bad(() -> manager.saves(Duration.ofMinutes(10), Duration.ofHours(2), Duration.ofSeconds(30)),
            "saveDebounce must be between PT0S and PT1H, was PT2H"),
        bad(() -> manager.closeTimeout(Duration.ofMinutes(2)),
            "closeTimeout must be positive and at most PT1M, was PT2M"),
        // AddressBookConfig
        bad(() -> book.tables(0, 256, 64), "newBuckets must be between 1 and 65536, was 0"),
        bad(() -> book.retries(0), "retries must be at least 1, was 0"),
        bad(() -> book.triedBias(-0.5), "triedBias must be between 0.0 and 1.0, was -0.5"),
        bad(() -> book.shareCache(minus, 64), "shareCacheDuration must be zero or positive, was PT-1S"),
        bad(() -> book.horizon(minus), "horizon must be positive, was PT-1S"),
        // ScoringPolicy
        bad(() -> scoring.reliabilityWeight(-1), "reliabilityWeight must be finite and at least 0.0, was -1.0"),
        bad(() -> scoring.priorSuccesses(0), "priorSuccesses must be finite and positive, was 0.0"),
        bad(() -> scoring.latencyShare(2), "latencyShare must be between 0.0 and 1.0, was 2.0"),
        bad(() -> scoring.evictThreshold(Double.NaN), "evictThreshold must be finite, was NaN"),
        bad(() -> scoring.retention(minus), "retention must be positive, was PT-1S"),
        bad(() -> scoring.maxEntries(0), "maxEntries must be at least 1, was 0"),
        // BanPolicy
        bad(() -> bans.maxBans(0), "maxBans must be between 1 and 10000000, was 0"),
        bad(() -> bans.defaultBanDuration(Duration.ZERO),
            "defaultBanDuration must be positive and at most PT876000H, was PT0S"));
  }

  static Stream<Arguments> nullSettings() {
    return Stream.of(
        nul(() -> PeerManagerConfig.builder(null), "network"),
        nul(() -> PeerManagerConfig.builder(NetworkId.MAIN).inbound(null, 40), "inboundPolicy"),
        nul(() -> PeerManagerConfig.builder(NetworkId.MAIN).saves(null, Duration.ZERO, Duration.ZERO),
            "saveInterval"),
        nul(() -> PeerManagerConfig.builder(NetworkId.MAIN).bans(null), "bans"),
        nul(() -> AddressBookConfig.builder().horizon(null), "horizon"),
        nul(() -> ScoringPolicy.builder().latencyHalfLife(null), "latencyHalfLife"),
        nul(() -> BanPolicy.builder().discourageDuration(null), "discourageDuration"));
  }

  private static Arguments bad(Executable set, String message) {
    return Arguments.of(message, set);
  }

  private static Arguments nul(Executable set, String message) {
    return Arguments.of(message, set);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void aBadValueIsNamedWithWhatWasExpected(String message, Executable set) {
    assertThatThrownBy(set::execute)
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nullSettings")
  void aNullIsNamed(String message, Executable set) {
    assertThatThrownBy(set::execute)
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage(message);
  }
}
