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
  requires org.slf4j;

  exports dev.peerage.transport.netty;
}
