/**
 * A TCP transport for Peerage on Netty 4.2. Start at {@link
 * dev.peerage.transport.netty.NettyTransport}: build one with its builder and give it to the peer
 * manager, which starts and closes it. The wire protocol it speaks (framing, the authenticated
 * handshake, keep-alive, peer exchange, disconnect reasons and every limit) is specified in
 * {@code docs/wire-protocol.md}; the implementation lives in the {@code internal} package, one small
 * pipeline handler per job.
 */
package dev.peerage.transport.netty;
