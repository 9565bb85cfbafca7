package dev.peerage.core.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.internal.Ed25519;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Bouncy Castle is optional in peer-core: without its jar, identities sign and verify on SunEC, with
 * the same RFC 8032 results. Runs only in the surefire execution {@code without-bouncy-castle},
 * which leaves bcprov off the class path.
 */
@EnabledIfSystemProperty(named = "peerage.test.withoutBouncyCastle", matches = "true")
class WithoutBouncyCastleTest {
  @Test
  void identitiesUseSunEcWhenBouncyCastleIsAbsent() {
    assertThat(Ed25519.bouncyCastle()).isNull();
    assertThat(Ed25519.engine()).isSameAs(Ed25519.jdk());
    HexFormat hex = HexFormat.of();
    NodeIdentityTest.rfc8032Vectors().forEach(v -> {
      NodeIdentity identity = NodeIdentity.fromPrivateKey(hex.parseHex(v.secret()));
      byte[] message = hex.parseHex(v.message());
      assertThat(identity.nodeId().toBytes()).isEqualTo(hex.parseHex(v.publicKey()));
      assertThat(identity.sign(message)).isEqualTo(hex.parseHex(v.sig()));
      assertThat(NodeIdentity.verify(identity.nodeId(), message, hex.parseHex(v.sig()))).isTrue();
    });
  }
}
