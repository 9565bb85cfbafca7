package dev.peerage.core.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AddressBookConfigTest {
  @Test
  void defaultsAreBitcoinCoresConstants() {
    AddressBookConfig c = AddressBookConfig.defaults();
    assertThat(c.newBuckets()).isEqualTo(1024);
    assertThat(c.triedBuckets()).isEqualTo(256);
    assertThat(c.bucketSize()).isEqualTo(64);
    assertThat(c.newBucketsPerSourceGroup()).isEqualTo(64);
    assertThat(c.triedBucketsPerGroup()).isEqualTo(8);
    assertThat(c.maxNewReferences()).isEqualTo(8);
    assertThat(c.horizon()).isEqualTo(Duration.ofDays(30));
    assertThat(c.retries()).isEqualTo(3);
    assertThat(c.maxFailures()).isEqualTo(10);
    assertThat(c.minFailInterval()).isEqualTo(Duration.ofDays(7));
    assertThat(c.replacementWindow()).isEqualTo(Duration.ofHours(4));
    assertThat(c.testWindow()).isEqualTo(Duration.ofMinutes(40));
    assertThat(c.maxCollisions()).isEqualTo(10);
    assertThat(c.triedBias()).isEqualTo(0.5);
    assertThat(c.shareMaxAddresses()).isEqualTo(1000);
    assertThat(c.shareMaxPercent()).isEqualTo(23);
    assertThat(c.routableOnly()).isTrue();
  }

  @Test
  void badValuesAreNamedInTheMessage() {
    AddressBookConfig.Builder b = AddressBookConfig.builder();
    assertThatThrownBy(() -> b.tables(0, 256, 64))
        .hasMessage("newBuckets must be between 1 and 65536, was 0");
    assertThatThrownBy(() -> b.tables(1024, 256, 5000))
        .hasMessage("bucketSize must be between 1 and 4096, was 5000");
    assertThatThrownBy(() -> b.triedBias(1.5)).hasMessage("triedBias must be between 0.0 and 1.0, was 1.5");
    assertThatThrownBy(() -> b.triedBias(Double.NaN)).hasMessageContaining("was NaN");
    assertThatThrownBy(() -> b.horizon(Duration.ZERO)).hasMessage("horizon must be positive, was PT0S");
    assertThatThrownBy(() -> b.shareLimits(10, 0))
        .hasMessage("shareMaxPercent must be between 1 and 100, was 0");
    assertThatThrownBy(() -> b.maxNewReferences(65))
        .hasMessage("maxNewReferences must be between 1 and 64, was 65");
  }

  @Test
  void inconsistentSettingsFailAtBuild() {
    assertThatThrownBy(() -> AddressBookConfig.builder().tables(32, 256, 64).build())
        .hasMessage("newBucketsPerSourceGroup 64 exceeds newBuckets 32");
    assertThatThrownBy(() -> AddressBookConfig.builder().tables(1024, 4, 64).build())
        .hasMessage("triedBucketsPerGroup 8 exceeds triedBuckets 4");
    assertThatThrownBy(() -> AddressBookConfig.builder()
        .testBeforeEvict(Duration.ofMinutes(1), Duration.ofMinutes(40), Duration.ofMinutes(2)).build())
        .hasMessageContaining("collisionGrace PT2M must be shorter than replacementWindow PT1M");
  }

  @Test
  void toBuilderDerivesAVariant() {
    AddressBookConfig c = AddressBookConfig.defaults().toBuilder().triedBias(0.85).build();
    assertThat(c.triedBias()).isEqualTo(0.85);
    assertThat(c.sameGeometry(AddressBookConfig.defaults())).isTrue();
    assertThat(c.toBuilder().tables(512, 256, 64).build().sameGeometry(c)).isFalse();
  }

  /** Distinct values everywhere, so a setting carried in the wrong slot shows. */
  private static AddressBookConfig allDistinct() {
    return AddressBookConfig.builder()
        .tables(2048, 512, 32)
        .newBucketsPerSourceGroup(33)
        .triedBucketsPerGroup(9)
        .maxNewReferences(7)
        .horizon(Duration.ofDays(31))
        .retries(4)
        .maxFailures(11, Duration.ofDays(6))
        .recentTryWindow(Duration.ofMinutes(11))
        .futureTolerance(Duration.ofMinutes(12))
        .testBeforeEvict(Duration.ofHours(5), Duration.ofMinutes(41), Duration.ofSeconds(61))
        .maxCollisions(13)
        .triedBias(0.85)
        .shareLimits(999, 22)
        .shareCache(Duration.ofHours(25), 65)
        .routableOnly(false)
        .groupBucketing(false)
        .build();
  }

  @Test
  void everySettingComesBackFromItsGetterAndThroughToBuilder() {
    AddressBookConfig c = allDistinct();
    assertThat(c.newBuckets()).isEqualTo(2048);
    assertThat(c.triedBuckets()).isEqualTo(512);
    assertThat(c.bucketSize()).isEqualTo(32);
    assertThat(c.newBucketsPerSourceGroup()).isEqualTo(33);
    assertThat(c.triedBucketsPerGroup()).isEqualTo(9);
    assertThat(c.maxNewReferences()).isEqualTo(7);
    assertThat(c.horizon()).isEqualTo(Duration.ofDays(31));
    assertThat(c.retries()).isEqualTo(4);
    assertThat(c.maxFailures()).isEqualTo(11);
    assertThat(c.minFailInterval()).isEqualTo(Duration.ofDays(6));
    assertThat(c.recentTryWindow()).isEqualTo(Duration.ofMinutes(11));
    assertThat(c.futureTolerance()).isEqualTo(Duration.ofMinutes(12));
    assertThat(c.replacementWindow()).isEqualTo(Duration.ofHours(5));
    assertThat(c.testWindow()).isEqualTo(Duration.ofMinutes(41));
    assertThat(c.collisionGrace()).isEqualTo(Duration.ofSeconds(61));
    assertThat(c.maxCollisions()).isEqualTo(13);
    assertThat(c.triedBias()).isEqualTo(0.85);
    assertThat(c.shareMaxAddresses()).isEqualTo(999);
    assertThat(c.shareMaxPercent()).isEqualTo(22);
    assertThat(c.shareCacheDuration()).isEqualTo(Duration.ofHours(25));
    assertThat(c.shareCacheRequesterClasses()).isEqualTo(65);
    assertThat(c.routableOnly()).isFalse();
    assertThat(c.groupBucketing()).isFalse();
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
  }

  @Test
  void equalityAndTheStringFormCoverEverySetting() {
    AddressBookConfig c = allDistinct();
    assertThat(c).isEqualTo(allDistinct()).hasSameHashCodeAs(allDistinct());
    assertThat(c).isNotEqualTo(AddressBookConfig.defaults());
    assertThat(c.toBuilder().shareCache(Duration.ofHours(25), 66).build()).isNotEqualTo(c);
    assertThat(AddressBookConfig.builder().build()).isEqualTo(AddressBookConfig.defaults());
    assertThat(c.toString()).startsWith("AddressBookConfig[").contains("newBuckets=2048",
        "triedBuckets=512", "bucketSize=32", "newBucketsPerSourceGroup=33", "triedBucketsPerGroup=9",
        "maxNewReferences=7", "horizon=PT744H", "retries=4", "maxFailures=11",
        "minFailInterval=PT144H", "recentTryWindow=PT11M", "futureTolerance=PT12M",
        "replacementWindow=PT5H", "testWindow=PT41M", "collisionGrace=PT1M1S", "maxCollisions=13",
        "triedBias=0.85", "shareMaxAddresses=999", "shareMaxPercent=22",
        "shareCacheDuration=PT25H", "shareCacheRequesterClasses=65", "routableOnly=false",
        "groupBucketing=false");
  }
}
