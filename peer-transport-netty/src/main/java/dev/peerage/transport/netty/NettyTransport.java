package dev.peerage.transport.netty;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Transport;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.transport.netty.internal.EventLoops;
import dev.peerage.transport.netty.internal.FrameBudget;
import dev.peerage.transport.netty.internal.HandshakeCrypto;
import dev.peerage.transport.netty.internal.TransportRuntime;
import dev.peerage.transport.netty.internal.TransportSettings;
import dev.peerage.transport.netty.internal.Wire;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A TCP {@link Transport} on Netty 4.2: a listener and a dialer that authenticate every connection
 * with an Ed25519 handshake, keep it alive with pings, carry peer exchange and the host's application
 * messages. The protocol is specified in {@code docs/wire-protocol.md}.
 *
 * <h2>How do I use it?</h2>
 *
 * <pre>{@code
 * Transport transport = NettyTransport.builder()
 *     .listen(new InetSocketAddress("0.0.0.0", 9798))
 *     .build();
 * PeerManager manager = PeerManager.builder().config(config).transport(transport).build();
 * manager.start();   // starts the transport
 * ...
 * manager.close();   // closes it: unbind, DISCONNECT to every peer, release the event loops
 * }</pre>
 *
 * <p>Without {@link Builder#listen} the transport only dials. Hosts that run Netty already pass their
 * {@link EventLoopGroup} with {@link Builder#eventLoopGroup} (NIO, epoll, io_uring or kqueue); the
 * transport then never shuts it down.
 *
 * <h2>What it guarantees</h2>
 *
 * <ul>
 *   <li>Every {@link Connection} it produces has completed the handshake: the remote signed this
 *       connection's transcript with the key of the node id it claims, so an id cannot be claimed
 *       without its key. Connections to this node itself are dropped ({@link
 *       DialException.Failure#SELF}).
 *   <li>A remote on another network completes the handshake and is handed over with its
 *       {@link Connection#network()}; the manager refuses it with {@code WRONG_NETWORK} and records
 *       the misbehaviour against the proven node id. Two connections to one node (simultaneous dials)
 *       are both handed over as well; the manager keeps the one dialled by the smaller node id, the
 *       same choice on both sides.
 *   <li>Remote input never throws into the host and never leaks a buffer. A frame longer than the
 *       limit is refused as soon as its length prefix arrives (before the handshake the limit is
 *       256 bytes); a malformed, oversized or unexpected message, a false proof, a wrong version or a
 *       flood of address messages closes the connection with a reason, and is reported as
 *       misbehaviour: through {@code ConnectionHandler.onMisbehaviour} after the handshake, through
 *       {@link Builder#handshakeFailureListener} before it.
 *   <li>Memory is bounded per peer: reading stops while a peer does not take what we write, {@link
 *       Connection#send} fails rather than queue past the write-buffer high-water mark, and at most
 *       {@link Builder#maxPendingHandshakes} inbound handshakes run at once, and at most {@link
 *       Builder#maxInboundHandshakesPerSecond} start per second. Across all peers, the
 *       frames that have not fully arrived hold at most {@link Builder#incompleteFrameBudget}
 *       bytes; a peer whose large frame does not fit is disconnected, and a frame must arrive
 *       within {@code pingInterval + pongTimeout} of its first byte.
 * </ul>
 *
 * <h2>Threading</h2>
 *
 * <p>Thread-safe; no method blocks. Dial results, connection callbacks and failure reports run on
 * the event loop of the connection's channel, so they must not block. Handshake signatures and
 * verifications run on a small pool of the transport's own ({@link Builder#handshakeCryptoThreads}),
 * never on an event loop, so a storm of handshakes does not delay established connections' messages.
 *
 * <h2>Pipeline</h2>
 *
 * <p>Each channel's pipeline holds small handlers under the names given by the constants below, in
 * this order: {@value #FLUSHER}, {@value #TRAFFIC_COUNTER}, {@value #FRAME_DECODER}, {@value
 * #FRAME_ENCODER}, {@value #MESSAGE_DECODER}, then {@value #HANDSHAKE} until the handshake completes, then {@value
 * #IDLE_STATE} (from activation), {@value #KEEP_ALIVE} and {@value #DISPATCHER}. A host adds its
 * own handlers (TLS, metrics, traffic shaping) with {@link Builder#pipelineCustomizer}, relative to
 * these names.
 */
public final class NettyTransport implements Transport {
  /**
   * Pipeline name of the first handler, which holds back the flushes made while the channel reads
   * and makes them as one when the read ends (or when the unflushed bytes reach the write-buffer
   * low water mark); a flush outside a read passes at once.
   */
  public static final String FLUSHER = "peerage-flusher";

  /** Pipeline name of the handler that counts bytes in and out. */
  public static final String TRAFFIC_COUNTER = "peerage-traffic-counter";

  /** Pipeline name of the handler that cuts the stream into length-prefixed frames. */
  public static final String FRAME_DECODER = "peerage-frame-decoder";

  /** Pipeline name of the handler that writes messages as length-prefixed frames. */
  public static final String FRAME_ENCODER = "peerage-frame-encoder";

  /** Pipeline name of the handler that parses frame bodies into messages. */
  public static final String MESSAGE_DECODER = "peerage-message-decoder";

  /** Pipeline name of the handler that runs the handshake, then removes itself. */
  public static final String HANDSHAKE = "peerage-handshake";

  /** Pipeline name of Netty's idle-state handler that notices a quiet connection. */
  public static final String IDLE_STATE = "peerage-idle-state";

  /** Pipeline name of the handler that pings a quiet connection and answers pings. */
  public static final String KEEP_ALIVE = "peerage-keep-alive";

  /** Pipeline name of the handler that delivers messages to the connection's handler. */
  public static final String DISPATCHER = "peerage-dispatcher";

  private final TransportSettings settings;
  private final TransportRuntime runtime;

  private NettyTransport(TransportSettings settings) {
    this.settings = settings;
    this.runtime = new TransportRuntime(settings);
  }

  /**
   * Returns a builder with every default; see each setter for the default and why.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates or borrows the event loops and binds the listener, if one is configured.
   *
   * @param context identity, network and inbound handler
   * @return completes when the transport can dial and accept; fails with an {@link
   *     IllegalStateException} if it was started before, is closed, or cannot bind (the port is
   *     taken); fails with an {@link IllegalArgumentException} if the lent event loop group is of
   *     a kind the transport cannot use (see {@link Builder#eventLoopGroup}), and is then closed
   * @throws NullPointerException if {@code context} is null
   */
  @Override
  public CompletionStage<Void> start(TransportContext context) {
    return runtime.start(context);
  }

  /**
   * Connects to {@code address} and runs the handshake. The TCP connect may take at most the smaller
   * of {@code timeout} and {@link Builder#connectTimeout}; connect and handshake together at most
   * {@code timeout}. A host name is resolved by Netty's resolver on the event loop.
   *
   * @param address where to connect
   * @param timeout the longest the connect and the handshake may take together; positive
   * @return the connection, not yet activated; or a failure with a {@link DialException}: {@code
   *     REFUSED} (nothing listens, or the remote closed or refused during the handshake), {@code
   *     TIMEOUT}, {@code UNREACHABLE}, {@code HANDSHAKE_FAILED} (bad proof, version or message),
   *     {@code SELF}, or {@code CLOSED} (not started, or closed meanwhile)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  @Override
  public CompletionStage<Connection> dial(PeerAddress address, Duration timeout) {
    return runtime.dial(address, timeout);
  }

  /**
   * Where this transport accepts connections: the bound address, with the port the system chose if
   * the configured port was 0.
   *
   * @return the address while started and listening; empty before start, after close, or when the
   *     transport only dials
   */
  @Override
  public Optional<PeerAddress> listenAddress() {
    return runtime.listenAddress();
  }

  /**
   * The address request limit as a spacing: {@code window / requests} of {@link
   * Builder#addressRequestLimit} (one minute by default, 10 per 10 minutes), which the peer manager
   * checks its {@code exchangeInterval} against.
   *
   * @return the spacing, positive
   */
  @Override
  public Optional<Duration> minAddressRequestInterval() {
    return Optional.of(settings.addressRequestWindow().dividedBy(settings.addressRequestsPerWindow()));
  }

  /**
   * Stops: unbinds the listener, fails dials in progress with {@code CLOSED}, sends DISCONNECT
   * {@code SHUTTING_DOWN} on every connection and closes it, closes handshakes in progress, and
   * then, if the transport created its event loops, shuts them down gracefully. A host's event loop
   * group is never shut down. Idempotent.
   *
   * @return completes when every connection has reported its close and owned loops have
   *     terminated; the same stage on every call
   */
  @Override
  public CompletionStage<Void> close() {
    return runtime.close();
  }

  /**
   * Channels open now, in both directions, including handshakes in progress: a gauge for status
   * pages and for tests of the limits.
   *
   * @return the count
   */
  public int openChannelCount() {
    return runtime.openChannels();
  }

  /**
   * Authenticated connections that have not closed yet.
   *
   * @return the count
   */
  public int connectionCount() {
    return runtime.connectionCount();
  }

  /**
   * Inbound connections this transport closed as soon as it accepted them, before reading a byte,
   * because {@link Builder#maxPendingHandshakes} handshakes were in progress or {@link
   * Builder#maxInboundHandshakesPerSecond} was reached: a counter that a storm of dials drives up,
   * for status pages and metrics. Such a connection never reaches the manager, so it is in none of
   * {@code PeerStats}' counts. Connections refused later (a wrong network, a full node, a ban) are
   * not counted here.
   *
   * @return the count since the transport was built, never decreasing; thread-safe
   */
  public long inboundRefusedAtAccept() {
    return runtime.refusedAtAccept();
  }

  /**
   * Whether the channels are native channels: epoll on a group the transport created; epoll,
   * io_uring or kqueue on a group the host lent with {@link Builder#eventLoopGroup}.
   *
   * @return {@code true} after start on a native group; {@code false} before start, on NIO, or
   *     when start refused the lent group
   */
  public boolean usesNativeTransport() {
    return runtime.ioKind().map(EventLoops.Kind::isNative).orElse(false);
  }

  /** The handshake crypto threads, for tests that hold them; null before start. */
  HandshakeCrypto handshakeCrypto() {
    return runtime.handshakeCrypto();
  }

  /** The budget of incomplete frames, for tests of its accounting. */
  FrameBudget frameBudget() {
    return runtime.frameBudget();
  }

  /**
   * Whether the native epoll transport can be used on this machine (Linux, with the
   * {@code netty-transport-native-epoll} jar for its platform on the class path).
   *
   * @return whether epoll is available
   */
  public static boolean nativeTransportAvailable() {
    return EventLoops.epollAvailable();
  }

  /**
   * The largest application payload a connection of this transport carries.
   *
   * @return bytes: the maximum frame size less 3
   */
  public int maxPayloadSize() {
    return settings.maxPayloadSize();
  }

  /**
   * Describes the transport.
   *
   * @return the listen address (or "dials only") and the I/O type
   */
  @Override
  public String toString() {
    return "NettyTransport[" + listenAddress().map(PeerAddress::toString)
        .orElse(settings.listen() == null ? "dials only" : "listen " + settings.listen())
        + runtime.ioKind().filter(EventLoops.Kind::isNative).map(kind -> ", " + kind.label())
            .orElse("") + "]";
  }

  /**
   * Collects the settings of a {@link NettyTransport}. Each setter checks its value at once and
   * names it in the exception. Not thread-safe; {@link #build()} may be called more than once.
   */
  public static final class Builder {
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    private static final int MIN_FRAME_SIZE = 1024;
    private static final int MAX_FRAME_SIZE = 64 * 1024 * 1024;
    private static final long DEFAULT_FRAME_BUDGET = 64L * 1024 * 1024;
    private static final long MAX_FRAME_BUDGET = 64L * 1024 * 1024 * 1024;

    private InetSocketAddress listen;
    private EventLoopGroup eventLoopGroup;
    private boolean nativeTransport = true;
    private int ioThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private int handshakeCryptoThreads = defaultHandshakeCryptoThreads();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration handshakeTimeout = Duration.ofSeconds(15);
    private Duration pingInterval = Duration.ofSeconds(15);
    private Duration pongTimeout = Duration.ofSeconds(20);
    private Duration addressRequestTimeout = Duration.ofSeconds(30);
    private int maxFrameSize = 4 * 1024 * 1024;
    private long incompleteFrameBudget = -1; // default: chosen at build, see the setter
    private int maxAddressesPerMessage = 1000;
    private int addressRequestsPerWindow = 10;
    private Duration addressRequestWindow = Duration.ofMinutes(10);
    private int maxPendingHandshakes = 128;
    private int inboundHandshakesPerSecond = 1_000;
    private int writeBufferHighWaterMark = 1024 * 1024;
    private Consumer<ChannelPipeline> pipelineCustomizer;
    private Consumer<HandshakeFailure> handshakeFailureListener;
    private SecureRandom random;

    private Builder() {}

    /**
     * Listens on a socket address. Default: no listener, the transport only dials. Port 0 lets the
     * system choose (tests); {@link NettyTransport#listenAddress()} then tells the port.
     *
     * @param address a resolved address, for example {@code new InetSocketAddress("0.0.0.0", 9798)}
     * @return this builder
     * @throws IllegalArgumentException if the address is unresolved
     */
    public Builder listen(InetSocketAddress address) {
      Objects.requireNonNull(address, "listen");
      if (address.isUnresolved()) {
        throw new IllegalArgumentException(
            "listen address must be resolved, was unresolved " + address);
      }
      this.listen = address;
      return this;
    }

    /**
     * Listens on an IP address and port.
     *
     * @param address an IP address (not a host name) with its port
     * @return this builder
     * @throws IllegalArgumentException if the address is a host name
     */
    public Builder listen(PeerAddress address) {
      Objects.requireNonNull(address, "listen");
      if (!address.isIp()) {
        throw new IllegalArgumentException(
            "listen address must be an IP address, was host name " + address);
      }
      this.listen = new InetSocketAddress(address.toInetAddress(), address.port());
      return this;
    }

    /**
     * Runs on the host's event loop group instead of creating one. The transport never shuts it
     * down, and {@link #nativeTransport} and {@link #ioThreads} are then ignored. The group's I/O
     * type ({@code IoEventLoopGroup.isIoType}) decides the channel classes:
     *
     * <ul>
     *   <li>{@code NioIoHandler}: {@code NioServerSocketChannel} and {@code NioSocketChannel};
     *   <li>{@code EpollIoHandler}: {@code EpollServerSocketChannel} and {@code EpollSocketChannel};
     *   <li>{@code IoUringIoHandler}: {@code IoUringServerSocketChannel} and {@code
     *       IoUringSocketChannel}, which need {@code netty-transport-classes-io_uring} and the
     *       {@code netty-transport-native-io_uring} jar of the platform on the host's class path;
     *   <li>{@code KQueueIoHandler}: {@code KQueueServerSocketChannel} and {@code
     *       KQueueSocketChannel}, which need {@code netty-transport-classes-kqueue} and the {@code
     *       netty-transport-native-kqueue} jar of the platform.
     * </ul>
     *
     * <p>io_uring and kqueue are used only on a lent group; a group the transport creates is epoll
     * or NIO. A group of any other kind (a {@code LocalIoHandler} group, a legacy group that is not
     * an {@code IoEventLoopGroup}) is accepted here but makes {@link NettyTransport#start}'s stage
     * fail with an {@link IllegalArgumentException} that names the group's class and the supported
     * kinds; nothing is bound and the group is left as it was.
     *
     * @param group the host's group: NIO, epoll, io_uring or kqueue
     * @return this builder
     */
    public Builder eventLoopGroup(EventLoopGroup group) {
      this.eventLoopGroup = Objects.requireNonNull(group, "eventLoopGroup");
      return this;
    }

    /**
     * Whether to use native epoll when it is available. Default {@code true}: on Linux with the
     * native jar present epoll saves a copy per read and scales better; turning it off forces NIO,
     * for hosts that must behave the same everywhere or that hit a platform problem. Applies only to
     * the group the transport creates, which is never io_uring or kqueue: to run on those, lend a
     * group with {@link #eventLoopGroup}.
     *
     * @param enabled whether epoll may be used
     * @return this builder
     */
    public Builder nativeTransport(boolean enabled) {
      this.nativeTransport = enabled;
      return this;
    }

    /**
     * Threads of the event loop group the transport creates. Default: the number of processors, at
     * most 4. A node has tens of peers, not thousands; a few threads are enough. Handshake
     * cryptography does not run on them ({@link #handshakeCryptoThreads}).
     *
     * @param threads 1 to 64
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder ioThreads(int threads) {
      this.ioThreads = range("ioThreads", threads, 1, 64);
      return this;
    }

    /**
     * Threads that sign and verify handshake proofs (Ed25519), so that neither runs on an event
     * loop. Default: half the processors, at least 1 and at most 4. Each handshake costs one
     * signature and one verification on each side, a fraction of a millisecond together with
     * Bouncy Castle (which this module brings), milliseconds with the JDK's SunEC; these threads compete with
     * the event loops for the same cores, and half the cores leaves the other half to the event
     * loops (docs/performance.md, "Handshake storm"). The
     * threads are daemons named {@code peerage-handshake-crypto-*}, started by {@link
     * NettyTransport#start} and ended by {@link NettyTransport#close}, also when the event loop
     * group is the host's.
     *
     * @param threads 1 to 64
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder handshakeCryptoThreads(int threads) {
      this.handshakeCryptoThreads = range("handshakeCryptoThreads", threads, 1, 64);
      return this;
    }

    private static int defaultHandshakeCryptoThreads() {
      return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
    }

    /**
     * The TCP connect timeout of a dial. Default 10 s, Besu's value; Netty's own default of 30 s
     * keeps a dial slot busy for too long when a peer is gone.
     *
     * @param timeout positive, at most 10 minutes
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout("connectTimeout", timeout);
      return this;
    }

    /**
     * How long the handshake may take from the connection being up to the proof verified, in
     * either direction. Default 15 s, within the 10 to 20 s that Bitcoin Core, geth and Besu use:
     * a handshake is one round trip plus two signatures, so 15 s is generous for a slow link and
     * still frees the slot of a client that connects and sends nothing.
     *
     * @param timeout positive, at most 10 minutes
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = timeout("handshakeTimeout", timeout);
      return this;
    }

    /**
     * How long a connection may stay without reading anything before a PING is sent. Default
     * 15 s of reader idleness, Besu's value: traffic itself proves liveness, so a busy connection
     * sends no pings.
     *
     * @param interval positive, at most 10 minutes
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder pingInterval(Duration interval) {
      this.pingInterval = timeout("pingInterval", interval);
      return this;
    }

    /**
     * How long to wait for the PONG before closing the connection with {@code TIMEOUT}. Default
     * 20 s: a live peer answers in one round trip; 20 s covers a stalled but recovering link, and
     * with the ping interval a dead connection is noticed within 35 s.
     *
     * @param timeout positive, at most 10 minutes
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder pongTimeout(Duration timeout) {
      this.pongTimeout = timeout("pongTimeout", timeout);
      return this;
    }

    /**
     * How long {@link Connection#requestAddresses()} waits for the answer. Default 30 s: the
     * answer comes from the remote's memory in one round trip, but a peer busy with a large
     * transfer on the same connection may take a while to get to it.
     *
     * @param timeout positive, at most 10 minutes
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder addressRequestTimeout(Duration timeout) {
      this.addressRequestTimeout = timeout("addressRequestTimeout", timeout);
      return this;
    }

    /**
     * The largest frame body after the handshake; an application payload may be 3 bytes less.
     * Default 4 MiB, about Bitcoin Core's 4,000,000-byte message limit. A longer length prefix
     * closes the connection at once, before its body is read.
     *
     * @param bytes 1 KiB to 64 MiB
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxFrameSize(int bytes) {
      this.maxFrameSize = range("maxFrameSize", bytes, MIN_FRAME_SIZE, MAX_FRAME_SIZE);
      return this;
    }

    /**
     * The most bytes the incomplete frames of all connections may hold together. A frame that does
     * not arrive in one socket read is gathered into one array of exactly its declared length; for
     * a frame longer than 64 KiB that length is first reserved from this budget, and a connection
     * whose frame does not fit is sent DISCONNECT {@code OTHER}, naming the frame's length and the
     * budget, and closed before anything is allocated (no misbehaviour is recorded: the frame is
     * legal, other peers hold the budget). The reservation is returned when the frame completes or
     * the connection closes, and a frame must complete within {@link #pingInterval} plus {@link
     * #pongTimeout} of its first byte (35 s by default) or the connection closes with {@code
     * TIMEOUT}, so peers that dribble frames cannot keep the budget.
     *
     * <p>Default: 64 MiB, but at most a quarter of the maximum heap ({@link Runtime#maxMemory()})
     * and never less than {@link #maxFrameSize}. 64 MiB is 16 frames of the default 4 MiB in flight
     * at once, far more than the honest peers of a node with tens of connections send at the same
     * moment; the arrays are heap memory, and a quarter of the heap leaves the rest to the host
     * however small the heap is. A larger budget must stay well below the heap, or a heap exhausted
     * by incomplete frames replaces the clean refusal.
     *
     * @param bytes 1 KiB to 64 GiB, and at least {@link #maxFrameSize} (checked by {@link #build})
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder incompleteFrameBudget(long bytes) {
      if (bytes < MIN_FRAME_SIZE || bytes > MAX_FRAME_BUDGET) {
        throw new IllegalArgumentException("incompleteFrameBudget must be within " + MIN_FRAME_SIZE
            + "-" + MAX_FRAME_BUDGET + ", was " + bytes);
      }
      this.incompleteFrameBudget = bytes;
      return this;
    }

    /**
     * The most entries of one ADDRESSES message, enforced both ways: answers are cut to it, and a
     * received list above it closes the connection with {@code PROTOCOL_ERROR} and an {@code
     * ADDRESS_FLOOD} report. Default 1,000, Bitcoin Core's limit for {@code addr} messages.
     *
     * @param count 0 to 65,535 (the count field has 16 bits)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxAddressesPerMessage(int count) {
      this.maxAddressesPerMessage = range("maxAddressesPerMessage", count, 0, 0xFFFF);
      return this;
    }

    /**
     * How many address messages a peer may send per window: GET_ADDRESSES beyond the limit are
     * answered with an empty list and reported ({@code RATE_LIMIT_EXCEEDED}); beyond twice the
     * limit, or unsolicited ADDRESSES beyond it, the connection closes. Default 10 per 10 minutes:
     * an honest manager asks once on connect and then every few minutes at most, and the answer
     * changes slowly (Bitcoin Core answers one GETADDR per connection).
     *
     * @param requests 1 to 10,000
     * @param window positive, at most 10 minutes
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder addressRequestLimit(int requests, Duration window) {
      this.addressRequestsPerWindow = range("addressRequestLimit requests", requests, 1, 10_000);
      this.addressRequestWindow = timeout("addressRequestLimit window", window);
      return this;
    }

    /**
     * The most inbound connections whose handshake is in progress at once; more are closed as soon
     * as they are accepted, before any byte is read. Default 128: several times the manager's
     * inbound limit (40), so honest peers are never turned away by this, while a storm of
     * connections costs at most 128 small buffers of 256 bytes.
     *
     * @param count 1 to 100,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxPendingHandshakes(int count) {
      this.maxPendingHandshakes = range("maxPendingHandshakes", count, 1, 100_000);
      return this;
    }

    /**
     * The most inbound handshakes the transport starts per second, node-wide: a token bucket of
     * this many handshakes that refills at this rate. A connection accepted while the bucket is
     * empty is closed at once, before any byte is read or any cryptography runs, like one beyond
     * {@link #maxPendingHandshakes}; the dialler sees a refused connection. This bounds the CPU a
     * storm of inbound dials can take for signing and verifying, whatever its number of source
     * addresses. Default 1,000 per second: far above what honest peers need (a manager admits 40
     * inbound peers, and honest peers reconnect after seconds, not milliseconds), and below the
     * 2,000 to 2,500 handshakes per second one crypto thread completes on the reference 2-core
     * machine, so a storm leaves part of the CPU to established peers. A host that needs more
     * (a bootstrap node, a benchmark) raises it.
     *
     * @param count handshakes per second, 1 to 1,000,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxInboundHandshakesPerSecond(int count) {
      this.inboundHandshakesPerSecond = range("maxInboundHandshakesPerSecond", count, 1, 1_000_000);
      return this;
    }

    /**
     * Bytes queued for one peer above which it counts as slow: the channel turns unwritable,
     * {@link Connection#send} fails at once and reading from the peer pauses until the queue is
     * down to half. Default 1 MiB: enough to keep a fast link busy, small enough that hundreds of
     * slow peers cannot exhaust a heap.
     *
     * @param bytes 64 KiB to 256 MiB
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder writeBufferHighWaterMark(int bytes) {
      this.writeBufferHighWaterMark =
          range("writeBufferHighWaterMark", bytes, 64 * 1024, 256 * 1024 * 1024);
      return this;
    }

    /**
     * A hook that receives each channel's pipeline after Peerage's handlers are in place, to add
     * the host's own relative to the names on {@link NettyTransport}. Runs on the channel's event
     * loop for every channel, both directions; if it throws, that channel is closed.
     *
     * @param customizer the hook
     * @return this builder
     */
    public Builder pipelineCustomizer(Consumer<ChannelPipeline> customizer) {
      this.pipelineCustomizer = Objects.requireNonNull(customizer, "pipelineCustomizer");
      return this;
    }

    /**
     * A listener told of every connection that ended before its handshake completed, with the
     * misbehaviour if it was the remote's fault. Default: none (failures are logged at debug).
     * Runs on the event loop; must not block. Not called for handshakes cut short by {@link
     * NettyTransport#close()}.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder handshakeFailureListener(Consumer<HandshakeFailure> listener) {
      this.handshakeFailureListener = Objects.requireNonNull(listener, "handshakeFailureListener");
      return this;
    }

    /**
     * The source of handshake nonces and ping nonces. Default: a new {@link SecureRandom}. Nonces
     * must be unpredictable, so pass a seeded generator only in tests.
     *
     * @param random the source
     * @return this builder
     */
    public Builder secureRandom(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "secureRandom");
      return this;
    }

    /**
     * Builds the transport; nothing is created or bound until {@link NettyTransport#start}.
     *
     * @return the transport
     * @throws IllegalArgumentException if the frame size cannot hold one address entry, or the
     *     incomplete-frame budget cannot hold one frame of the maximum size
     */
    public NettyTransport build() {
      if (maxFrameSize < Wire.MAX_ADDRESS_ENTRY_BYTES + 3) {
        throw new IllegalArgumentException("maxFrameSize " + maxFrameSize
            + " cannot hold one address entry of up to " + Wire.MAX_ADDRESS_ENTRY_BYTES + " bytes");
      }
      long budget = incompleteFrameBudget;
      if (budget < 0) {
        budget = Math.max(maxFrameSize,
            Math.min(DEFAULT_FRAME_BUDGET, Runtime.getRuntime().maxMemory() / 4));
      } else if (budget < maxFrameSize) {
        throw new IllegalArgumentException("incompleteFrameBudget " + budget
            + " cannot hold one frame of maxFrameSize " + maxFrameSize + " bytes");
      }
      return new NettyTransport(new TransportSettings(listen, eventLoopGroup, nativeTransport,
          ioThreads, handshakeCryptoThreads, connectTimeout, handshakeTimeout, pingInterval,
          pongTimeout,
          addressRequestTimeout, maxFrameSize, budget, maxAddressesPerMessage,
          addressRequestsPerWindow,
          addressRequestWindow, maxPendingHandshakes, inboundHandshakesPerSecond,
          writeBufferHighWaterMark,
          pipelineCustomizer, handshakeFailureListener,
          random != null ? random : new SecureRandom()));
    }

    private static Duration timeout(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            name + " must be positive and at most " + MAX_TIMEOUT + ", was " + value);
      }
      return value;
    }

    private static int range(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be within " + min + "-" + max + ", was " + value);
      }
      return value;
    }
  }
}
