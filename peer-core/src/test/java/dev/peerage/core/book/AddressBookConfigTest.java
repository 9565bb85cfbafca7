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
        .hasMessage("newBuckets must be within 1-65536, was 0");
    assertThatThrownBy(() -> b.tables(1024, 256, 5000))
        .hasMessage("bucketSize must be within 1-4096, was 5000");
    assertThatThrownBy(() -> b.triedBias(1.5)).hasMessage("triedBias must be within 0.0-1.0, was 1.5");
    assertThatThrownBy(() -> b.triedBias(Double.NaN)).hasMessageContaining("was NaN");
    assertThatThrownBy(() -> b.horizon(Duration.ZERO)).hasMessage("horizon must be positive, was PT0S");
    assertThatThrownBy(() -> b.shareLimits(10, 0))
        .hasMessage("shareMaxPercent must be within 1-100, was 0");
    assertThatThrownBy(() -> b.maxNewReferences(65))
        .hasMessage("maxNewReferences must be within 1-64, was 65");
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
}
