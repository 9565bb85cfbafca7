package dev.peerage.core.ban;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BanPolicyTest {

  @Test
  void defaultsAreDocumentedValues() {
    BanPolicy policy = BanPolicy.defaults();
    assertThat(policy.defaultBanDuration()).isEqualTo(Duration.ofHours(24));
    assertThat(policy.maxBans()).isEqualTo(100_000);
    assertThat(policy.historySize()).isEqualTo(1_000);
    assertThat(policy.discourageDuration()).isEqualTo(Duration.ofHours(24));
    assertThat(policy.maxDiscouraged()).isEqualTo(50_000);
    assertThat(BanPolicy.builder().build()).isEqualTo(policy).hasSameHashCodeAs(policy);
  }

  @Test
  void toBuilderDerivesAVariant() {
    BanPolicy custom = BanPolicy.builder().maxBans(5).historySize(0)
        .defaultBanDuration(Duration.ofMinutes(1)).discourageDuration(Duration.ofMinutes(2))
        .maxDiscouraged(9).build();
    assertThat(custom.toBuilder().build()).isEqualTo(custom);
    assertThat(custom.toBuilder().maxBans(6).build()).isNotEqualTo(custom);
    assertThat(custom).hasToString("BanPolicy[defaultBanDuration=PT1M, maxBans=5, historySize=0,"
        + " discourageDuration=PT2M, maxDiscouraged=9, misbehaviourThreshold=100.0,"
        + " misbehaviourBanDuration=null, weights={}]");
  }

  @Test
  void misbehaviourSettingsDefaultToCoresScoresAndCanBeChanged() {
    BanPolicy defaults = BanPolicy.defaults();
    assertThat(defaults.misbehaviourThreshold()).isEqualTo(100);
    assertThat(defaults.misbehaviourBanDuration()).isEqualTo(defaults.defaultBanDuration());
    for (MisbehaviourKind kind : MisbehaviourKind.values()) {
      assertThat(defaults.misbehaviourWeight(kind)).isEqualTo(kind.defaultWeight());
    }
    BanPolicy custom = BanPolicy.builder().defaultBanDuration(Duration.ofHours(3))
        .misbehaviourThreshold(40).misbehaviourWeight(MisbehaviourKind.OTHER, 0).build();
    assertThat(custom.misbehaviourBanDuration()).as("follows the default ban").isEqualTo(Duration.ofHours(3));
    assertThat(custom.misbehaviourWeight(MisbehaviourKind.OTHER)).isZero();
    assertThat(custom.misbehaviourWeight(MisbehaviourKind.IMPERSONATION)).isEqualTo(100);
    BanPolicy variant = custom.toBuilder().misbehaviourBanDuration(Duration.ofMinutes(5)).build();
    assertThat(variant.misbehaviourBanDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(variant.misbehaviourWeight(MisbehaviourKind.OTHER)).as("kept by toBuilder").isZero();
    assertThat(variant.toBuilder().build()).isEqualTo(variant).isNotEqualTo(custom);
    BanPolicy.Builder builder = BanPolicy.builder();
    assertThatThrownBy(() -> builder.misbehaviourThreshold(0))
        .hasMessage("misbehaviourThreshold must be positive and at most 1000000.0, was 0.0");
    assertThatThrownBy(() -> builder.misbehaviourThreshold(Double.NaN))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> builder.misbehaviourWeight(MisbehaviourKind.OTHER, -1))
        .hasMessageContaining("misbehaviourWeight(OTHER)").hasMessageContaining("-1.0");
    assertThatThrownBy(() -> builder.misbehaviourWeight(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.misbehaviourBanDuration(Duration.ZERO))
        .hasMessageContaining("misbehaviourBanDuration").hasMessageContaining("PT0S");
  }

  @Test
  void settersNameTheBadValue() {
    BanPolicy.Builder builder = BanPolicy.builder();
    assertThatThrownBy(() -> builder.defaultBanDuration(Duration.ofSeconds(-1)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("defaultBanDuration must be positive and at most PT876000H, was PT-1S");
    assertThatThrownBy(() -> builder.discourageDuration(Duration.ZERO))
        .hasMessage("discourageDuration must be positive and at most PT876000H, was PT0S");
    assertThatThrownBy(() -> builder.discourageDuration(Duration.ofDays(36_501)))
        .hasMessage("discourageDuration must be positive and at most PT876000H, was PT876024H");
    assertThatThrownBy(() -> builder.maxBans(0))
        .hasMessage("maxBans must be between 1 and 10000000, was 0");
    assertThatThrownBy(() -> builder.historySize(-1))
        .hasMessage("historySize must be between 0 and 1000000, was -1");
    assertThatThrownBy(() -> builder.maxDiscouraged(10_000_001))
        .hasMessage("maxDiscouraged must be between 1 and 10000000, was 10000001");
    assertThatThrownBy(() -> builder.defaultBanDuration(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("defaultBanDuration");
    assertThat(builder.build()).isEqualTo(BanPolicy.defaults());
  }
}
