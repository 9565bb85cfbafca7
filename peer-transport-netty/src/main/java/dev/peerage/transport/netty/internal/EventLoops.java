package dev.peerage.transport.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loop group a transport runs on and the channel classes that go with it: epoll when the
 * native library loaded and the host did not turn it off, NIO otherwise. A group the host lent is
 * used as given (its I/O type decides the channels) and never shut down; a group made here is owned
 * and shut down by the transport.
 *
 * @param group the group
 * @param owned whether the transport created it (and so shuts it down)
 * @param epoll whether the channels are epoll channels
 * @param serverChannel the listener channel class
 * @param socketChannel the connection channel class
 */
public record EventLoops(EventLoopGroup group, boolean owned, boolean epoll,
    Class<? extends ServerChannel> serverChannel, Class<? extends Channel> socketChannel) {

  /**
   * Uses the host's group.
   *
   * @param group the host's group
   * @return the event loops, not owned
   */
  public static EventLoops lent(EventLoopGroup group) {
    boolean epoll = group instanceof IoEventLoopGroup io && isEpoll(io);
    return epoll
        ? new EventLoops(group, false, true, EpollServerSocketChannel.class,
            EpollSocketChannel.class)
        : new EventLoops(group, false, false, NioServerSocketChannel.class,
            NioSocketChannel.class);
  }

  /**
   * Creates a group the transport owns.
   *
   * @param threads the number of event loop threads
   * @param preferNative whether to use epoll when available
   * @return the event loops, owned
   */
  public static EventLoops create(int threads, boolean preferNative) {
    DefaultThreadFactory threadFactory = new DefaultThreadFactory("peerage-netty", true);
    if (preferNative && epollAvailable()) {
      IoHandlerFactory factory = EpollIoHandler.newFactory();
      return new EventLoops(new MultiThreadIoEventLoopGroup(threads, threadFactory, factory),
          true, true, EpollServerSocketChannel.class, EpollSocketChannel.class);
    }
    return new EventLoops(
        new MultiThreadIoEventLoopGroup(threads, threadFactory, NioIoHandler.newFactory()),
        true, false, NioServerSocketChannel.class, NioSocketChannel.class);
  }

  /**
   * Whether the epoll transport can be used here: the classes are present and the native library
   * loaded (Linux with the {@code netty-transport-native-epoll} jar of this platform).
   *
   * @return whether epoll works
   */
  public static boolean epollAvailable() {
    try {
      return Epoll.isAvailable();
    } catch (LinkageError e) {
      return false; // the epoll classes are not on the class path
    }
  }

  private static boolean isEpoll(IoEventLoopGroup group) {
    try {
      return group.isIoType(EpollIoHandler.class);
    } catch (LinkageError e) {
      return false;
    }
  }
}
