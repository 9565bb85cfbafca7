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
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The event loop group a transport runs on and the channel classes that go with it.
 *
 * <p>A group made here is owned and shut down by the transport: epoll when the native library
 * loaded and the host did not turn it off, NIO otherwise. A group the host lent is used as given and
 * never shut down; its I/O type ({@link IoEventLoopGroup#isIoType}) decides the channels, one of
 * {@link Kind}. The epoll, io_uring and kqueue classes are optional jars: each kind is probed only
 * when the ones before it did not match, and a kind whose classes are missing (or not readable from
 * this module) simply does not match.
 *
 * @param group the group
 * @param owned whether the transport created it (and so shuts it down)
 * @param kind the I/O type of the group and its channels
 * @param serverChannel the listener channel class
 * @param socketChannel the connection channel class
 */
public record EventLoops(EventLoopGroup group, boolean owned, Kind kind,
    Class<? extends ServerChannel> serverChannel, Class<? extends Channel> socketChannel) {

  /** The I/O types a transport can run on, each with its Netty handler class. */
  public enum Kind {
    /** Java NIO, everywhere. */
    NIO("NIO", "NioIoHandler"),
    /** Linux epoll: {@code netty-transport-native-epoll}. */
    EPOLL("epoll", "EpollIoHandler"),
    /** Linux io_uring: {@code netty-transport-native-io_uring}; only on a lent group. */
    IO_URING("io_uring", "IoUringIoHandler"),
    /** BSD and macOS kqueue: {@code netty-transport-native-kqueue}; only on a lent group. */
    KQUEUE("kqueue", "KQueueIoHandler");

    private final String label;
    private final String handler;

    Kind(String label, String handler) {
      this.label = label;
      this.handler = handler;
    }

    /**
     * The name used in logs and messages.
     *
     * @return for example {@code "io_uring"}
     */
    public String label() {
      return label;
    }

    /**
     * Whether the channels are native (not NIO).
     *
     * @return false for NIO only
     */
    public boolean isNative() {
      return this != NIO;
    }
  }

  /**
   * Uses the host's group.
   *
   * @param group the host's group
   * @return the event loops, not owned, with the channel classes of the group's I/O type
   * @throws IllegalArgumentException if the group is of none of the {@link Kind}s: not an {@link
   *     IoEventLoopGroup}, or one whose handler is another (local, a host's own); the message names
   *     the group's class and the kinds that work
   */
  public static EventLoops lent(EventLoopGroup group) {
    if (!(group instanceof IoEventLoopGroup io)) {
      throw unsupported(group, "it is not an IoEventLoopGroup, so it has no I/O type");
    }
    if (io.isIoType(NioIoHandler.class)) {
      return new EventLoops(group, false, Kind.NIO, NioServerSocketChannel.class,
          NioSocketChannel.class);
    }
    if (isEpoll(io)) {
      return epoll(group, false);
    }
    if (isIoUring(io)) {
      return ioUring(group);
    }
    if (isKqueue(io)) {
      return kqueue(group);
    }
    throw unsupported(group, "its IoHandler is of another type");
  }

  private static IllegalArgumentException unsupported(EventLoopGroup group, String why) {
    return new IllegalArgumentException("cannot run on the lent event loop group "
        + group.getClass().getName() + ": " + why + "; the transport supports groups of "
        + Arrays.stream(Kind.values())
            .map(kind -> kind.label + " (" + kind.handler + ")")
            .collect(Collectors.joining(", ")));
  }

  /**
   * Creates a group the transport owns: epoll or NIO, never io_uring or kqueue.
   *
   * @param threads the number of event loop threads
   * @param preferNative whether to use epoll when available
   * @return the event loops, owned
   */
  public static EventLoops create(int threads, boolean preferNative) {
    DefaultThreadFactory threadFactory = new DefaultThreadFactory("peerage-netty", true);
    if (preferNative && epollAvailable()) {
      IoHandlerFactory factory = EpollIoHandler.newFactory();
      return epoll(new MultiThreadIoEventLoopGroup(threads, threadFactory, factory), true);
    }
    return new EventLoops(
        new MultiThreadIoEventLoopGroup(threads, threadFactory, NioIoHandler.newFactory()),
        true, Kind.NIO, NioServerSocketChannel.class, NioSocketChannel.class);
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

  // Each optional kind is named only in its own methods, and a missing class surfaces as a
  // LinkageError where the handler class is first resolved, so the probe answers "no".

  private static boolean isEpoll(IoEventLoopGroup group) {
    try {
      return group.isIoType(EpollIoHandler.class);
    } catch (LinkageError e) {
      return false;
    }
  }

  private static EventLoops epoll(EventLoopGroup group, boolean owned) {
    return new EventLoops(group, owned, Kind.EPOLL, EpollServerSocketChannel.class,
        EpollSocketChannel.class);
  }

  private static boolean isIoUring(IoEventLoopGroup group) {
    try {
      return group.isIoType(IoUringIoHandler.class);
    } catch (LinkageError e) {
      return false;
    }
  }

  private static EventLoops ioUring(EventLoopGroup group) {
    return new EventLoops(group, false, Kind.IO_URING, IoUringServerSocketChannel.class,
        IoUringSocketChannel.class);
  }

  private static boolean isKqueue(IoEventLoopGroup group) {
    try {
      return group.isIoType(KQueueIoHandler.class);
    } catch (LinkageError e) {
      return false;
    }
  }

  private static EventLoops kqueue(EventLoopGroup group) {
    return new EventLoops(group, false, Kind.KQUEUE, KQueueServerSocketChannel.class,
        KQueueSocketChannel.class);
  }
}
