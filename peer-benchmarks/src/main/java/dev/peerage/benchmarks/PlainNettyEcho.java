package dev.peerage.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The physical reference of the transport benchmarks: a bare Netty echo server and its clients, with a
 * 4-byte length prefix and nothing else (no handshake, no message types). The server writes each
 * received frame back as it is. Server and clients have one NIO event loop thread each, as each
 * transport in the benchmarks has ({@code ioThreads(1)}, {@code nativeTransport(false)}: the
 * benchmark jar carries no native epoll library), and TCP_NODELAY on both ends.
 */
final class PlainNettyEcho implements AutoCloseable {
  private static final int MAX_FRAME = 4 << 20;

  private final EventLoopGroup serverGroup =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup clientGroup =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private final Bootstrap client;

  /**
   * Binds the echo server.
   *
   * @param bind where to listen (a loopback address)
   * @param resetOnClose whether clients close with {@code SO_LINGER} 0, so a closed connection
   *     leaves no TIME_WAIT socket behind (for benchmarks that connect once per operation)
   * @throws InterruptedException if interrupted while binding
   */
  PlainNettyEcho(InetSocketAddress bind, boolean resetOnClose) throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(serverGroup)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel
                        .pipeline()
                        .addLast(
                            new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 0),
                            new SimpleChannelInboundHandler<ByteBuf>() {
                              @Override
                              protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                ctx.writeAndFlush(frame.retain());
                              }
                            });
                  }
                })
            .bind(bind)
            .sync()
            .channel();
    Bootstrap b =
        new Bootstrap()
            .group(clientGroup)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .remoteAddress(server.localAddress());
    client = resetOnClose ? b.option(ChannelOption.SO_LINGER, 0) : b;
  }

  /**
   * Connects a client; each payload it sends is framed with the length prefix.
   *
   * @param onEcho run on the client's event loop for every echoed frame
   * @return the connected channel; the caller closes it
   * @throws InterruptedException if interrupted while connecting
   */
  Channel connect(Runnable onEcho) throws InterruptedException {
    return client
        .clone()
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel channel) {
                channel
                    .pipeline()
                    .addLast(
                        new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4),
                        new LengthFieldPrepender(4),
                        new SimpleChannelInboundHandler<ByteBuf>() {
                          @Override
                          protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                            onEcho.run();
                          }
                        });
              }
            })
        .connect()
        .sync()
        .channel();
  }

  /** Closes the server and both event loops; open client channels close with their loop. */
  @Override
  public void close() throws InterruptedException {
    server.close().sync();
    serverGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    clientGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
  }
}
