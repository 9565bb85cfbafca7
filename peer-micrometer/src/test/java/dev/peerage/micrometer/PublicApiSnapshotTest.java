package dev.peerage.micrometer;

import dev.peerage.buildtools.ApiSnapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins this module's public API to {@code api/peer-micrometer.api}, so every public change is a reviewed
 * diff. After an intended change run {@code mvn -pl peer-micrometer test -Dtest=PublicApiSnapshotTest
 * -Dapi.update=true} and commit the rewritten file with the change.
 */
class PublicApiSnapshotTest {
  @Test
  void thePublicApiMatchesTheCheckedInSnapshot() {
    ApiSnapshot.of(Path.of("target", "classes"), getClass().getClassLoader())
        .check(Path.of("api", "peer-micrometer.api"));
  }
}
