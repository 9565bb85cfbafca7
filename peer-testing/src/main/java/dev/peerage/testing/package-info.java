/**
 * Test kit for Peerage hosts and transport authors. {@link dev.peerage.testing.TransportContract} is an
 * abstract JUnit 5 test class: extend it, say how to make a fresh {@link dev.peerage.core.spi.Transport}
 * and how to wait for its asynchronous results, and every promise of the transport SPI is checked
 * against your implementation. {@code docs/custom-transport.md} shows a minimal subclass.
 */
package dev.peerage.testing;
