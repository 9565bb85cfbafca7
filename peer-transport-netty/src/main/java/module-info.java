/**
 * Peerage Netty transport: a TCP {@code Transport} with an authenticated handshake, framing,
 * keep-alive and peer exchange, in {@code dev.peerage.transport.netty}. Implementation packages
 * ({@code dev.peerage.transport.netty.internal}) are not exported.
 */
module dev.peerage.transport.netty {
  requires transitive dev.peerage.core;
  // The builder takes a host's EventLoopGroup and pipeline customizer: Netty types in the API.
  requires transitive io.netty.transport;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.transport.classes.epoll;
  // Used only on a group the host lends; a host that builds such a group has the module.
  requires static io.netty.transport.classes.io_uring;
  requires static io.netty.transport.classes.kqueue;
  requires org.slf4j;
  // Not used here directly: it puts Bouncy Castle in the module graph, so peer-core (which requires
  // it statically) signs and verifies handshakes with it instead of the slower SunEC.
  requires org.bouncycastle.provider;

  exports dev.peerage.transport.netty;
}
