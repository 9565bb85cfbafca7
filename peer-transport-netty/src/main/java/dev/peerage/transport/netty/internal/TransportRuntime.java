package dev.peerage.transport.netty.internal;

import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.transport.netty.HandshakeFailure;
import dev.peerage.transport.netty.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link NettyTransport} does: owns or borrows the event loops, binds the listener, dials
 * from one {@link Bootstrap} template, builds each channel's pipeline, hands authenticated
 * connections to the manager and closes everything in order. Thread-safe; the public methods never
 * block.
 */
public final class TransportRuntime {
  private static final Logger log = LoggerFactory.getLogger(TransportRuntime.class);

  /** How many recent HELLO nonces are kept for self-detection: far more than dials in flight. */
  private static final int RECENT_NONCES = 4096;

  /** Accept backlog of the listener; the kernel may lower it to its own limit. */
  private static final int ACCEPT_BACKLOG = 1024;

  /**
   * How long close lets a connection's socket linger for the remote's end of stream after the
   * DISCONNECT (the remote reads it, then closes) before closing it anyway: shorter than a single
   * connection's {@link MessageDispatcher#CLOSE_LINGER}, since the whole node waits on it.
   */
  private static final Duration SHUTDOWN_LINGER = Duration.ofSeconds(1);

  /** How long close waits for owned event loops to finish their last tasks. */
  private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

  private enum State { NEW, STARTING, RUNNING, CLOSED }

  private final TransportSettings settings;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final RecentNonces ownNonces = new RecentNonces(RECENT_NONCES);
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
  private final Set<NettyConnection> connections = ConcurrentHashMap.newKeySet();
  private final Map<CompletableFuture<Connection>, PeerAddress> dials = new ConcurrentHashMap<>();
  private final AtomicInteger pendingInbound = new AtomicInteger();
  private final LongAdder refusedAtAccept = new LongAdder();
  private final InboundHandshakeRate inboundRate;
  private final FrameBudget frameBudget;
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

  private volatile TransportContext context;
  private volatile EventLoops loops;
  private volatile HandshakeCrypto crypto;
  private volatile Bootstrap template;
  private volatile Channel serverChannel;
  private volatile PeerAddress listenAddress;
  private volatile int listenPort;

  /**
   * Creates a runtime that does nothing until started.
   *
   * @param settings the validated settings
   */
  public TransportRuntime(TransportSettings settings) {
    this.settings = settings;
    this.frameBudget = new FrameBudget(settings.incompleteFrameBudget());
    this.inboundRate = new InboundHandshakeRate(settings.inboundHandshakesPerSecond());
  }

  /**
   * Starts: creates or borrows the event loops and binds the listener, if any.
   *
   * @param context identity, network and inbound handler
   * @return completes when ready, or fails if started before, closed or the bind failed
   */
  public CompletionStage<Void> start(TransportContext context) {
    Objects.requireNonNull(context, "context");
    if (!state.compareAndSet(State.NEW, State.STARTING)) {
      return CompletableFuture.failedStage(new IllegalStateException(
          state.get() == State.CLOSED ? "the transport is closed" : "the transport was started"));
    }
    this.context = context;
    EventLoops loops;
    if (settings.hostGroup() == null) {
      loops = EventLoops.create(settings.ioThreads(), settings.nativeTransport());
    } else {
      try {
        loops = EventLoops.lent(settings.hostGroup());
      } catch (IllegalArgumentException e) {
        close(); // nothing to release: the lent group stays the host's
        return CompletableFuture.failedStage(e);
      }
    }
    this.loops = loops;
    this.crypto = new HandshakeCrypto(settings.handshakeCryptoThreads(),
        settings.maxPendingHandshakes());
    WriteBufferWaterMark waterMark = new WriteBufferWaterMark(
        settings.writeBufferHighWaterMark() / 2, settings.writeBufferHighWaterMark());
    int connectMillis = (int) Math.max(1, settings.connectTimeout().toMillis());
    this.template = new Bootstrap()
        .group(loops.group())
        .channel(loops.socketChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis);
    if (settings.listen() == null) {
      state.compareAndSet(State.STARTING, State.RUNNING);
      return CompletableFuture.completedStage(null);
    }
    ServerBootstrap server = new ServerBootstrap()
        .group(loops.group())
        .channel(loops.serverChannel())
        .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            accept(channel);
          }
        });
    CompletableFuture<Void> started = new CompletableFuture<>();
    server.bind(settings.listen()).addListener((ChannelFuture bind) -> {
      if (!bind.isSuccess()) {
        started.completeExceptionally(new IllegalStateException(
            "cannot listen on " + settings.listen() + ": " + bind.cause().getMessage(),
            bind.cause()));
        close();
        return;
      }
      InetSocketAddress bound = (InetSocketAddress) bind.channel().localAddress();
      serverChannel = bind.channel();
      listenPort = bound.getPort();
      listenAddress = PeerAddress.of(bound.getAddress(), bound.getPort());
      if (state.compareAndSet(State.STARTING, State.RUNNING)) {
        log.debug("listening on {} ({})", bound, loops.kind().label());
        started.complete(null);
      } else {
        bind.channel().close();
        started.completeExceptionally(new IllegalStateException("the transport was closed"));
      }
    });
    return started;
  }

  /**
   * Dials and runs the handshake; see {@link NettyTransport#dial}.
   *
   * @param address where to connect
   * @param timeout the limit for connect and handshake together
   * @return the connection, or a failure with a {@link DialException}
   */
  public CompletionStage<Connection> dial(PeerAddress address, Duration timeout) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    State now = state.get();
    if (now != State.RUNNING) {
      return CompletableFuture.failedStage(new DialException(DialException.Failure.CLOSED,
          address, "cannot dial " + address + ": the transport is "
          + (now == State.CLOSED ? "closed" : "not started")));
    }
    CompletableFuture<Connection> result = new CompletableFuture<>();
    dials.put(result, address);
    result.whenComplete((connection, error) -> dials.remove(result));
    long connectMillis = Math.max(1, Math.min(settings.connectTimeout().toMillis(),
        timeout.toMillis()));
    Bootstrap bootstrap = template.clone()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectMillis)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) {
            setUpPipeline(channel, Direction.OUTBOUND, new OutboundHandshake(address, result));
          }
        });
    SocketAddress remote = address.isHostName()
        ? InetSocketAddress.createUnresolved(address.host(), address.port())
        : new InetSocketAddress(address.toInetAddress(), address.port());
    ChannelFuture connect = bootstrap.connect(remote);
    Channel channel = connect.channel();
    connect.addListener(future -> {
      if (!future.isSuccess()) {
        result.completeExceptionally(connectFailure(address, future.cause()));
      }
    });
    if (channel.eventLoop() != null) {
      try {
        ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
          result.completeExceptionally(new DialException(DialException.Failure.TIMEOUT, address,
              "no connection and handshake with " + address + " within " + timeout));
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((connection, error) -> deadline.cancel(false));
      } catch (RuntimeException e) {
        result.completeExceptionally(new DialException(DialException.Failure.CLOSED, address,
            "cannot dial " + address + ": the event loop is shutting down", e));
      }
    }
    // A failed dial leaves nothing open.
    result.whenComplete((connection, error) -> {
      if (error != null) {
        channel.close();
      }
    });
    return result;
  }

  private DialException connectFailure(PeerAddress address, Throwable cause) {
    if (state.get() == State.CLOSED) {
      return new DialException(DialException.Failure.CLOSED, address,
          "dial to " + address + " aborted: the transport closed", cause);
    }
    DialException.Failure failure;
    if (cause instanceof ConnectTimeoutException) {
      failure = DialException.Failure.TIMEOUT;
    } else if (cause instanceof ConnectException) {
      failure = DialException.Failure.REFUSED;
    } else {
      failure = DialException.Failure.UNREACHABLE;
    }
    return new DialException(failure, address,
        "cannot connect to " + address + ": " + cause.getMessage(), cause);
  }

  private void accept(Channel channel) {
    if (state.get() == State.CLOSED) {
      channel.close();
      return;
    }
    if (pendingInbound.incrementAndGet() > settings.maxPendingHandshakes()) {
      // Refused before any byte is read: a connection storm costs a socket each, briefly.
      pendingInbound.decrementAndGet();
      refusedAtAccept.increment();
      log.debug("refusing {}: {} inbound handshakes are in progress", channel.remoteAddress(),
          settings.maxPendingHandshakes());
      channel.close();
      return;
    }
    if (!inboundRate.tryAcquire(channel.eventLoop().ticker().nanoTime())) {
      // Refused as cheaply: the storm's rate, not only its width, is bounded before any crypto.
      pendingInbound.decrementAndGet();
      refusedAtAccept.increment();
      log.debug("refusing {}: more than {} inbound handshakes per second", channel.remoteAddress(),
          inboundRate.perSecond());
      channel.close();
      return;
    }
    setUpPipeline(channel, Direction.INBOUND, new InboundHandshake(channel));
  }

  private void setUpPipeline(Channel channel, Direction direction, HandshakeListener listener) {
    channels.add(channel);
    channel.closeFuture().addListener(future -> channels.remove(channel));
    FrameDecoder frames = new FrameDecoder(frameBudget, settings.partialFrameTimeout());
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast(NettyTransport.FLUSHER, new ReadCycleFlusher());
    pipeline.addLast(NettyTransport.TRAFFIC_COUNTER, new TrafficCounter());
    pipeline.addLast(NettyTransport.FRAME_DECODER, frames);
    pipeline.addLast(NettyTransport.FRAME_ENCODER, MessageEncoder.INSTANCE);
    MessageDecoder messages = new MessageDecoder(settings.maxAddressesPerMessage());
    pipeline.addLast(NettyTransport.MESSAGE_DECODER, messages);
    pipeline.addLast(NettyTransport.HANDSHAKE, new HandshakeHandler(context.identity(),
        context.network(), direction, listenPort, settings.handshakeTimeout(), settings.random(),
        ownNonces, frames, messages, settings.maxFrameSize(), listener, crypto));
    if (settings.pipelineCustomizer() != null) {
      try {
        settings.pipelineCustomizer().accept(pipeline);
      } catch (RuntimeException e) {
        log.warn("the pipeline customizer threw; closing the channel to {}",
            channel.remoteAddress(), e);
        channel.close();
      }
    }
  }

  /** Installs keep-alive and dispatcher behind the finished handshake and makes the connection. */
  private NettyConnection install(ChannelHandlerContext ctx, HandshakeResult result) {
    TrafficCounter traffic = ctx.pipeline().get(TrafficCounter.class);
    NettyConnection connection = new NettyConnection(ctx.channel(), result, settings, traffic);
    ctx.pipeline().addAfter(ctx.name(), NettyTransport.KEEP_ALIVE,
        new KeepAliveHandler(settings.pongTimeout(), settings.random()));
    ctx.pipeline().addAfter(NettyTransport.KEEP_ALIVE, NettyTransport.DISPATCHER,
        connection.dispatcher());
    connections.add(connection);
    connection.closed().whenComplete((reason, error) -> connections.remove(connection));
    return connection;
  }

  private static PeerAddress remoteOf(Channel channel) {
    if (channel.remoteAddress() instanceof InetSocketAddress socket && !socket.isUnresolved()) {
      return PeerAddress.of(socket.getAddress(), socket.getPort());
    }
    return null;
  }

  private void report(PeerAddress remote, Direction direction,
      DisconnectReason reason, MisbehaviourKind misbehaviour, NodeId claimed) {
    log.debug("handshake with {} ({}) failed: {} {}", remote, direction, reason.code(),
        reason.detail());
    if (remote == null || settings.handshakeFailureListener() == null) {
      return;
    }
    HandshakeFailure failure = new HandshakeFailure(remote, direction,
        Optional.ofNullable(claimed), reason, Optional.ofNullable(misbehaviour));
    try {
      settings.handshakeFailureListener().accept(failure);
    } catch (RuntimeException e) {
      log.warn("the handshake failure listener threw on {}", failure, e);
    }
  }

  /** The handshake of a channel we accepted. */
  private final class InboundHandshake implements HandshakeListener {
    private final PeerAddress remote;
    private final AtomicBoolean counted = new AtomicBoolean(true);

    InboundHandshake(Channel channel) {
      this.remote = remoteOf(channel);
      channel.closeFuture().addListener(future -> release());
    }

    private void release() {
      if (counted.compareAndSet(true, false)) {
        pendingInbound.decrementAndGet();
      }
    }

    @Override
    public void succeeded(ChannelHandlerContext ctx, HandshakeResult result) {
      release();
      NettyConnection connection = install(ctx, result);
      if (state.get() == State.CLOSED) {
        connection.close(DisconnectReason.local(DisconnectReason.Code.SHUTTING_DOWN,
            "the node is shutting down"));
        return;
      }
      try {
        context.inbound().accept(connection);
      } catch (RuntimeException e) {
        log.warn("the inbound connection handler threw on {}; closing it", connection, e);
        connection.close(DisconnectReason.local(DisconnectReason.Code.OTHER,
            "the node failed to take the connection"));
      }
    }

    @Override
    public void failed(DialException.Failure failure, DisconnectReason reason,
        MisbehaviourKind misbehaviour, NodeId claimedNodeId) {
      release();
      if (state.get() != State.CLOSED) {
        report(remote, Direction.INBOUND, reason, misbehaviour, claimedNodeId);
      }
    }
  }

  /** The handshake of a channel we dialled. */
  private final class OutboundHandshake implements HandshakeListener {
    private final PeerAddress address;
    private final CompletableFuture<Connection> result;

    OutboundHandshake(PeerAddress address, CompletableFuture<Connection> result) {
      this.address = address;
      this.result = result;
    }

    @Override
    public void succeeded(ChannelHandlerContext ctx, HandshakeResult handshake) {
      NettyConnection connection = install(ctx, handshake);
      if (!result.complete(connection)) {
        connection.close(DisconnectReason.local(
            state.get() == State.CLOSED ? DisconnectReason.Code.SHUTTING_DOWN
                : DisconnectReason.Code.REQUESTED, "the dial was abandoned"));
      }
    }

    @Override
    public void failed(DialException.Failure failure, DisconnectReason reason,
        MisbehaviourKind misbehaviour, NodeId claimedNodeId) {
      String message = "handshake with " + address + " failed: " + reason.code()
          + (reason.detail().isEmpty() ? "" : " (" + reason.detail() + ")");
      if (result.completeExceptionally(new DialException(failure, address, message))
          && state.get() != State.CLOSED) {
        report(address, Direction.OUTBOUND, reason, misbehaviour, claimedNodeId);
      }
    }
  }

  /**
   * Where the listener is bound.
   *
   * @return the bound address while running and listening
   */
  public Optional<PeerAddress> listenAddress() {
    return state.get() == State.RUNNING ? Optional.ofNullable(listenAddress) : Optional.empty();
  }

  /**
   * Closes everything; see {@link NettyTransport#close}.
   *
   * @return completes when released
   */
  public CompletionStage<Void> close() {
    State previous = state.getAndSet(State.CLOSED);
    if (previous == State.CLOSED) {
      return closeFuture;
    }
    if (previous == State.NEW) {
      closeFuture.complete(null);
      return closeFuture;
    }
    List<CompletableFuture<?>> waits = new ArrayList<>();
    Channel server = serverChannel;
    if (server != null) {
      waits.add(completion(server.close()));
    }
    for (Map.Entry<CompletableFuture<Connection>, PeerAddress> dial : dials.entrySet()) {
      dial.getKey().completeExceptionally(new DialException(DialException.Failure.CLOSED,
          dial.getValue(), "dial to " + dial.getValue() + " aborted: the transport closed"));
    }
    DisconnectReason shuttingDown = DisconnectReason.local(DisconnectReason.Code.SHUTTING_DOWN,
        "the node is shutting down");
    for (NettyConnection connection : connections) {
      connection.close(shuttingDown);
      waits.add(connection.closed().toCompletableFuture());
    }
    for (Channel channel : channels) {
      if (channel.pipeline().get(NettyTransport.DISPATCHER) == null) {
        waits.add(completion(channel.close())); // a handshake in progress: nothing to say
        continue;
      }
      // A connection, closing or closed: its socket closes when the remote has read our DISCONNECT
      // and closed its end, or when the shutdown linger runs out.
      waits.add(completion(channel.closeFuture()));
      try {
        ScheduledFuture<?> linger = channel.eventLoop().schedule(() -> {
          channel.close();
        }, SHUTDOWN_LINGER.toNanos(), TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(closed -> linger.cancel(false));
      } catch (RuntimeException e) {
        channel.close();
      }
    }
    EventLoops loops = this.loops;
    HandshakeCrypto crypto = this.crypto;
    CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
        .whenComplete((done, error) -> {
          // Every channel is closed, so queued crypto tasks only compute and drop their results.
          CompletableFuture<Void> cryptoDone = crypto == null ? CompletableFuture.completedFuture(null)
              : crypto.shutdown().toCompletableFuture();
          if (loops != null && loops.owned()) {
            loops.group().shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .addListener(future -> cryptoDone.whenComplete((v, e) -> closeFuture.complete(null)));
          } else {
            cryptoDone.whenComplete((v, e) -> closeFuture.complete(null));
          }
        });
    return closeFuture;
  }

  private static CompletableFuture<Void> completion(Future<?> future) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    future.addListener(f -> done.complete(null));
    return done;
  }

  /**
   * Channels open now: connections and handshakes in progress, both directions.
   *
   * @return the count
   */
  public int openChannels() {
    return channels.size();
  }

  /**
   * Authenticated connections not yet closed.
   *
   * @return the count
   */
  public int connectionCount() {
    return connections.size();
  }

  /**
   * Inbound connections closed at accept by the handshake limits, since construction.
   *
   * @return the count
   */
  public long refusedAtAccept() {
    return refusedAtAccept.sum();
  }

  /**
   * The threads that sign and verify handshake proofs.
   *
   * @return the pool, or null before start
   */
  public HandshakeCrypto handshakeCrypto() {
    return crypto;
  }

  /**
   * The budget the incomplete frames of all this transport's channels draw from.
   *
   * @return the budget, for gauges and tests
   */
  public FrameBudget frameBudget() {
    return frameBudget;
  }

  /**
   * The I/O type of the channels.
   *
   * @return empty before start, or when start refused the lent group
   */
  public Optional<EventLoops.Kind> ioKind() {
    EventLoops loops = this.loops;
    return loops == null ? Optional.empty() : Optional.of(loops.kind());
  }
}
