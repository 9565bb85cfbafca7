/**
 * A TCP transport for Peerage built on Netty 4.2: listener, dialer, an authenticated handshake,
 * keep-alive and peer exchange, implementing the core {@code Transport} SPI.
 *
 * <p>This module is empty until the Netty transport lands; see {@code docs/architecture.md}.
 */
package dev.peerage.transport.netty;
