package dev.peerage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.ban.BanPolicy;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.score.ScoringPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeerManagerConfigTest {
  private static final ReconnectPolicy RECONNECT =
      ExponentialBackoff.builder().base(Duration.ofSeconds(3)).build();
  private static final AddressBookConfig BOOK =
      AddressBookConfig.builder().triedBias(0.85).build();
  private static final ScoringPolicy SCORING = ScoringPolicy.builder().maxEntries(77).build();
  private static final BanPolicy BANS = BanPolicy.builder().maxBans(88).build();

  @Test
  void defaultsAreTheDocumentedValues() {
    PeerManagerConfig c = PeerManagerConfig.builder(NetworkId.MAIN).build();
    assertThat(c.network()).isEqualTo(NetworkId.MAIN);
    assertThat(c.networks()).containsExactly(NetworkId.MAIN);
    assertThat(c.maxCustomPeers()).isEqualTo(100);
    assertThat(c.inboundPolicy()).isEqualTo(InboundPolicy.ANYONE);
    assertThat(c.maxInbound()).isEqualTo(40);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.dialTimeout()).isEqualTo(Duration.ofSeconds(25));
    assertThat(c.outboundTarget()).isEqualTo(8);
    assertThat(c.maxOutbound()).isEqualTo(10);
    assertThat(c.minOutbound()).isEqualTo(2);
    assertThat(c.maxConcurrentDials()).isEqualTo(16);
    assertThat(c.oneOutboundPerGroup()).isTrue();
    assertThat(c.pinnedCountTowardLimits()).isFalse();
    assertThat(c.maintenanceInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.feelerInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.rotationInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.groupBackoffBase()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.groupBackoffCap()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.startupBurst()).isEqualTo(10);
    assertThat(c.startupSpread()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.cacheMaxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(c.cacheSize()).isEqualTo(100);
    assertThat(c.bootstrapDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.exchangeWhenBelow()).isEqualTo(1_000);
    assertThat(c.exchangeInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.addressRate()).isEqualTo(0.1);
    assertThat(c.addressBurst()).isEqualTo(1_000);
    assertThat(c.inboundRateWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.inactivityTimeout()).isEqualTo(Duration.ZERO);
    assertThat(c.unreachableAfter()).isEqualTo(Duration.ofDays(7));
    assertThat(c.autoDisableUnreachable()).isFalse();
    assertThat(c.crawler()).isFalse();
    assertThat(c.reconnectPolicy()).isSameAs(ExponentialBackoff.defaults());
    assertThat(c.stableConnection()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.saveInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.saveDebounce()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.saveRetry()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.addressBook()).isSameAs(AddressBookConfig.defaults());
    assertThat(c.scoring()).isSameAs(ScoringPolicy.defaults());
    assertThat(c.bans()).isSameAs(BanPolicy.defaults());
  }

  /** Distinct values everywhere, so a setting carried in the wrong slot shows. */
  private static PeerManagerConfig allDistinct() {
    return PeerManagerConfig.builder(NetworkId.TESTNET)
        .alsoKeepListsFor(NetworkId.REGTEST, NetworkId.MAIN)
        .maxCustomPeers(101)
        .inbound(InboundPolicy.KNOWN_PEERS_ONLY, 41)
        .timeouts(Duration.ofSeconds(11), Duration.ofSeconds(16))
        .outbound(3, 9, 12)
        .maxConcurrentDials(17)
        .outboundRules(false, true)
        .intervals(Duration.ofSeconds(14), Duration.ofMinutes(3), Duration.ofMinutes(31))
        .groupBackoff(Duration.ofSeconds(2), Duration.ofSeconds(12))
        .startup(13, Duration.ofSeconds(29))
        .warmStart(Duration.ofDays(6), 99, Duration.ofSeconds(4))
        .exchange(1_001, Duration.ofMinutes(9), 0.2, 1_002)
        .inboundRateWindow(Duration.ofSeconds(28))
        .inactivityTimeout(Duration.ofSeconds(27))
        .unreachable(Duration.ofDays(5), true)
        .crawler(true)
        .reconnect(RECONNECT, Duration.ofMinutes(8))
        .saves(Duration.ofMinutes(7), Duration.ofSeconds(1), Duration.ofSeconds(26))
        .closeTimeout(Duration.ofSeconds(6))
        .addressBook(BOOK)
        .scoring(SCORING)
        .bans(BANS)
        .build();
  }

  @Test
  void everySettingComesBackFromItsGetterAndThroughToBuilder() {
    PeerManagerConfig c = allDistinct();
    assertThat(c.network()).isEqualTo(NetworkId.TESTNET);
    assertThat(c.networks())
        .containsExactly(NetworkId.TESTNET, NetworkId.REGTEST, NetworkId.MAIN);
    assertThat(c.maxCustomPeers()).isEqualTo(101);
    assertThat(c.inboundPolicy()).isEqualTo(InboundPolicy.KNOWN_PEERS_ONLY);
    assertThat(c.maxInbound()).isEqualTo(41);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(11));
    assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(16));
    assertThat(c.dialTimeout()).isEqualTo(Duration.ofSeconds(27));
    assertThat(c.minOutbound()).isEqualTo(3);
    assertThat(c.outboundTarget()).isEqualTo(9);
    assertThat(c.maxOutbound()).isEqualTo(12);
    assertThat(c.maxConcurrentDials()).isEqualTo(17);
    assertThat(c.oneOutboundPerGroup()).isFalse();
    assertThat(c.pinnedCountTowardLimits()).isTrue();
    assertThat(c.maintenanceInterval()).isEqualTo(Duration.ofSeconds(14));
    assertThat(c.feelerInterval()).isEqualTo(Duration.ofMinutes(3));
    assertThat(c.rotationInterval()).isEqualTo(Duration.ofMinutes(31));
    assertThat(c.groupBackoffBase()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.groupBackoffCap()).isEqualTo(Duration.ofSeconds(12));
    assertThat(c.startupBurst()).isEqualTo(13);
    assertThat(c.startupSpread()).isEqualTo(Duration.ofSeconds(29));
    assertThat(c.cacheMaxAge()).isEqualTo(Duration.ofDays(6));
    assertThat(c.cacheSize()).isEqualTo(99);
    assertThat(c.bootstrapDelay()).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.exchangeWhenBelow()).isEqualTo(1_001);
    assertThat(c.exchangeInterval()).isEqualTo(Duration.ofMinutes(9));
    assertThat(c.addressRate()).isEqualTo(0.2);
    assertThat(c.addressBurst()).isEqualTo(1_002);
    assertThat(c.inboundRateWindow()).isEqualTo(Duration.ofSeconds(28));
    assertThat(c.inactivityTimeout()).isEqualTo(Duration.ofSeconds(27));
    assertThat(c.unreachableAfter()).isEqualTo(Duration.ofDays(5));
    assertThat(c.autoDisableUnreachable()).isTrue();
    assertThat(c.crawler()).isTrue();
    assertThat(c.reconnectPolicy()).isSameAs(RECONNECT);
    assertThat(c.stableConnection()).isEqualTo(Duration.ofMinutes(8));
    assertThat(c.saveInterval()).isEqualTo(Duration.ofMinutes(7));
    assertThat(c.saveDebounce()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.saveRetry()).isEqualTo(Duration.ofSeconds(26));
    assertThat(c.closeTimeout()).isEqualTo(Duration.ofSeconds(6));
    assertThat(c.addressBook()).isSameAs(BOOK);
    assertThat(c.scoring()).isSameAs(SCORING);
    assertThat(c.bans()).isSameAs(BANS);

    PeerManagerConfig copy = c.toBuilder().build();
    assertThat(copy).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
    assertThat(copy.networks()).containsExactly(NetworkId.TESTNET, NetworkId.REGTEST, NetworkId.MAIN);
  }

  @Test
  void equalityIsByValue() {
    PeerManagerConfig c = allDistinct();
    assertThat(c).isEqualTo(allDistinct()).hasSameHashCodeAs(allDistinct());
    assertThat(c.toBuilder().crawler(false).build()).isNotEqualTo(c);
    assertThat(c.toBuilder().startup(14, Duration.ofSeconds(29)).build()).isNotEqualTo(c);
    assertThat(PeerManagerConfig.builder(NetworkId.MAIN).build())
        .isEqualTo(PeerManagerConfig.builder(NetworkId.MAIN).build())
        .isNotEqualTo(PeerManagerConfig.builder(NetworkId.TESTNET).build());
  }

  @Test
  void theStringFormNamesEverySetting() {
    String text = allDistinct().toString();
    assertThat(text).startsWith("PeerManagerConfig[network=testnet, networks=[testnet, regtest, main],")
        .contains("maxCustomPeers=101", "inboundPolicy=KNOWN_PEERS_ONLY", "maxInbound=41",
            "connectTimeout=PT11S", "handshakeTimeout=PT16S", "minOutbound=3", "outboundTarget=9",
            "maxOutbound=12", "maxConcurrentDials=17", "oneOutboundPerGroup=false",
            "pinnedCountTowardLimits=true", "maintenanceInterval=PT14S", "feelerInterval=PT3M",
            "rotationInterval=PT31M", "groupBackoffBase=PT2S", "groupBackoffCap=PT12S",
            "startupBurst=13", "startupSpread=PT29S", "cacheMaxAge=PT144H", "cacheSize=99",
            "bootstrapDelay=PT4S", "exchangeWhenBelow=1001", "exchangeInterval=PT9M",
            "addressRate=0.2", "addressBurst=1002", "inboundRateWindow=PT28S",
            "inactivityTimeout=PT27S", "unreachableAfter=PT120H", "autoDisableUnreachable=true",
            "crawler=true", "reconnectPolicy=" + RECONNECT, "stableConnection=PT8M",
            "saveInterval=PT7M", "saveDebounce=PT1S", "saveRetry=PT26S", "closeTimeout=PT6S",
            "addressBook=" + BOOK, "scoring=" + SCORING, "bans=" + BANS);
  }

  @Test
  void aFailedGroupSetterLeavesTheWholeGroupAlone() {
    PeerManagerConfig.Builder b = PeerManagerConfig.builder(NetworkId.MAIN);
    assertThatThrownBy(() -> b.outbound(20, 9, 12)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.inbound(InboundPolicy.KNOWN_PEERS_ONLY, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(b.build()).isEqualTo(PeerManagerConfig.builder(NetworkId.MAIN).build());
  }

  @Test
  void buildChecksTheRulesBetweenSettings() {
    assertThatThrownBy(() -> PeerManagerConfig.builder(NetworkId.MAIN)
        .saves(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30)).build())
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("saveDebounce PT2S must not exceed saveInterval PT1S");
    assertThatThrownBy(() -> PeerManagerConfig.builder(NetworkId.MAIN)
        .groupBackoff(Duration.ofSeconds(5), Duration.ofSeconds(4)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("groupBackoffCap PT4S must not be below groupBackoffBase PT5S");
  }
}
