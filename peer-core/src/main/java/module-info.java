/**
 * Peerage core: the peer model, the bucketed address book, bans, scoring, the peer manager and the
 * SPIs ({@code Transport}, {@code PeerStore}, {@code DiscoverySource}) in {@code dev.peerage.core}.
 * Implementation packages ({@code dev.peerage.core.internal}) are not exported.
 *
 * <p>Ed25519 needs no {@code requires}: the JDK's provider (module {@code jdk.crypto.ec} on JDK 17,
 * {@code java.base} from JDK 22) is a service provider bound at resolution. A host building a
 * {@code jlink} image must include it ({@code --bind-services}, or {@code --add-modules jdk.crypto.ec}
 * on JDK 17 to 21).
 *
 * <p>Bouncy Castle ({@code org.bouncycastle.provider}, from {@code bcprov-jdk18on}) is optional: when
 * it is in the module graph (peer-transport-netty requires it), Ed25519 runs on its low-level
 * implementation, which is several times faster; without it, on SunEC.
 */
module dev.peerage.core {
  requires org.slf4j;
  requires com.github.benmanes.caffeine;
  requires static org.bouncycastle.provider;

  exports dev.peerage.core;
  exports dev.peerage.core.address;
  exports dev.peerage.core.ban;
  exports dev.peerage.core.book;
  exports dev.peerage.core.discovery;
  exports dev.peerage.core.peer;
  exports dev.peerage.core.score;
  exports dev.peerage.core.spi;
  exports dev.peerage.core.testing;
}
