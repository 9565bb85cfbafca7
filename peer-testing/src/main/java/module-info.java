/**
 * Peerage's test kit: {@link dev.peerage.testing.TransportContract}, the JUnit 5 contract suite a
 * {@code Transport} inherits to prove it honours the SPI of {@code dev.peerage.core.spi}.
 *
 * <p>JUnit is a compile dependency: the suite is made of test methods. The package is opened to JUnit
 * so that it can run the inherited test methods when tests run on the module path.
 */
module dev.peerage.testing {
  requires transitive dev.peerage.core;
  requires org.junit.jupiter.api;

  exports dev.peerage.testing;

  opens dev.peerage.testing to org.junit.platform.commons;
}
