package dev.peerage.core.testing;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.testing.InMemoryFabric;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.Scheduler;
import dev.peerage.core.spi.TransportContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * A whole network of nodes inside one JVM, for tests, examples and simulations: each node gets an
 * {@link InMemoryTransport}, and the network carries their connections with a configurable latency and
 * faults injected on demand (nodes down or offline, refusals, partitions, failing dials).
 *
 * <h2>Time</h2>
 *
 * <p>Everything that takes time happens in tasks of the {@link Scheduler} given to the builder: the
 * arrival of a connect request, the handshake reply, every message, address request and answer, and
 * every close. On a {@link VirtualTime} a run is therefore exactly repeatable and an hour of traffic
 * takes milliseconds; on a real scheduler the network works in real time. A frame takes the one-way
 * latency of its link: the {@linkplain Builder#latency default}, or what {@link #setLatency} set for the
 * pair, plus a uniformly drawn {@linkplain Builder#latencyJitter jitter}. Frames of one direction of a
 * connection arrive in the order they were sent, as on a TCP stream, even when jitter varies.
 *
 * <h2>Dialling</h2>
 *
 * <p>A dial from node A to address B with timeout T goes like this:
 *
 * <ol>
 *   <li>If A's transport is not started or is closed, the dial fails at once with
 *       {@link DialException.Failure#CLOSED}; if B is A's own address, with
 *       {@link DialException.Failure#SELF}.
 *   <li>If dials to B were made to fail ({@link #failNextDials}), the dial fails with that failure:
 *       {@code TIMEOUT} at T, {@code UNREACHABLE} and {@code CLOSED} at once (in a zero-delay task),
 *       any other after one round trip.
 *   <li>If A is {@linkplain #setOffline offline}, the dial fails with {@code UNREACHABLE} at once.
 *   <li>Otherwise the connect request travels one latency to B. If A or B is {@linkplain #setDown down},
 *       B is offline, or the link between them is {@linkplain #partition cut}, it is lost and the dial
 *       fails with {@code TIMEOUT} exactly T after it began. If nothing listens at B or B
 *       {@linkplain #setRefusing refuses}, the refusal travels back and the dial fails with
 *       {@code REFUSED} one round trip after it began. If the node at B has A's node id, the dial fails
 *       with {@code SELF} after one round trip and B sees nothing.
 *   <li>Otherwise B's {@link TransportContext#inbound()} receives the inbound connection one latency
 *       after the dial began, and the handshake reply travels back: the dial completes with the
 *       outbound connection one round trip after it began. If T passes first, the dial fails with
 *       {@code TIMEOUT} at T, and when the late reply arrives A closes the connection with reason
 *       {@code TIMEOUT}, which B then sees.
 * </ol>
 *
 * <p>The handshake only exchanges what the nodes' {@link TransportContext}s hold: their node ids,
 * their networks and the dialler's listen address. There is no cryptography: every node lives in the
 * same JVM, which trusts itself, so a node id is taken as proven. Nodes of different networks connect
 * like any others; the connection reports the remote's {@link Connection#network()}, and the peer
 * manager decides.
 *
 * <h2>What a connection reports</h2>
 *
 * <ul>
 *   <li>{@link Connection#remoteAddress()}: for an outbound connection, the dialled address; for an
 *       inbound one, the dialler's address with a synthetic ephemeral port (40000, 40001, ..., wrapping
 *       after 65535, counted per dialler) as a real socket would show, or the dialler's address itself
 *       if the dialler does not listen.
 *   <li>{@link Connection#advertisedAddress()}: the remote's listen address; empty for an inbound
 *       connection from a node that does not listen.
 *   <li>{@link Connection#bytesIn()} and {@link Connection#bytesOut()}: payload bytes plus
 *       {@value #FRAME_OVERHEAD_BYTES} bytes per message, {@value #FRAME_OVERHEAD_BYTES} per address
 *       request, and {@value #FRAME_OVERHEAD_BYTES} plus {@value #ADDRESS_ENTRY_BYTES} per address for
 *       an answer. The handshake and the close are not counted. A sender counts when it sends, a
 *       receiver when the frame arrives.
 *   <li>{@link Connection#latency()}: the round trip of the handshake (the two legs' latencies as
 *       drawn), then of the latest address request and its answer, which is also reported to
 *       {@link ConnectionHandler#onLatency}. Time a request waits for the remote to
 *       {@link Connection#activate activate} is not included.
 *   <li>{@link ConnectionHandler#onMisbehaviour} is never called: both ends are this code, and the
 *       sending side already caps what it sends.
 * </ul>
 *
 * <h2>Connections</h2>
 *
 * <p>They honour the whole {@link Connection} contract. Callbacks of a connection run in scheduler
 * tasks, in order, one at a time, never before {@link Connection#activate activate}. Until then a
 * connection holds at most {@link Builder#maxPendingDeliveries} messages and address requests; one
 * more closes it with {@link DisconnectReason.Code#PROTOCOL_ERROR} (the remote sees the same code). A
 * sender may have at most {@link Builder#maxInFlightMessages} frames sent but not yet read by the other
 * side's handler; beyond that {@code send} fails with an {@link IllegalStateException} ("reads too
 * slowly"). Payloads are copied when sent, so every receiver owns its bytes.
 *
 * <p>A close reaches the other side one latency later, after everything sent before it, with the same
 * code and detail and {@code remote = true}; the closing side reports its reason with
 * {@code remote = false}. A side that closes drops what it has received but not yet delivered. When
 * the network breaks a connection ({@link #setDown}, {@link #setOffline}, {@link #partition}), both
 * sides close at once with {@link DisconnectReason.Code#NETWORK_ERROR} as a remote reason; frames in
 * flight are lost, frames already arrived are still delivered before {@code onClosed}. Every side
 * reports {@code onClosed} exactly once.
 *
 * <h2>Cost</h2>
 *
 * <p>No threads of its own; a connection is two small objects and a message one small object and one
 * scheduler task, so 10,000 nodes with tens of connections each fit in a test JVM. Nodes are found by
 * address in hash maps.
 *
 * <p>Thread-safe: one lock guards the network; no callback runs while it is held. The scheduler must
 * not run a task inside its own {@code schedule} call.
 */
public final class InMemoryNetwork {
  /** Default one-way latency: a typical continental round trip of 100 ms. */
  public static final Duration DEFAULT_LATENCY = Duration.ofMillis(50);

  /** The longest latency or jitter accepted: one day, so that sums of them cannot overflow. */
  public static final Duration MAX_LATENCY = Duration.ofDays(1);

  /** Default cap on one address answer: Bitcoin Core's limit on one {@code addr} message. */
  public static final int DEFAULT_MAX_ADDRESSES_PER_ANSWER = 1000;

  /** Default largest message payload: 1 MiB. */
  public static final int DEFAULT_MAX_PAYLOAD_SIZE = 1 << 20;

  /** Default number of deliveries a connection holds before {@code activate}. */
  public static final int DEFAULT_MAX_PENDING_DELIVERIES = 1024;

  /** Default number of frames a sender may have unread by the other side: a socket buffer's worth. */
  public static final int DEFAULT_MAX_IN_FLIGHT_MESSAGES = 4096;

  /** Bytes counted per frame on top of its payload (a length, a type, a channel and flags). */
  public static final int FRAME_OVERHEAD_BYTES = InMemoryFabric.FRAME_OVERHEAD_BYTES;

  /** Bytes counted per address in an address answer (family, 16 address bytes, port, timestamp). */
  public static final int ADDRESS_ENTRY_BYTES = InMemoryFabric.ADDRESS_ENTRY_BYTES;

  private final InMemoryFabric fabric;

  private InMemoryNetwork(InMemoryFabric fabric) {
    this.fabric = fabric;
  }

  /**
   * Starts configuring a network.
   *
   * @return a builder with the defaults; a scheduler must be set
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the transport of a node that listens at {@code listenAddress} once started.
   *
   * @param listenAddress where the node accepts connections; also the key for fault injection
   * @return the node's transport, not started
   * @throws NullPointerException if {@code listenAddress} is null
   * @throws IllegalStateException if a transport of this network that is not closed has this address
   *     (an address becomes free again when its transport is closed, to simulate a restart)
   */
  public InMemoryTransport transport(PeerAddress listenAddress) {
    return transport(listenAddress, true);
  }

  /**
   * Creates the transport of a node, which may or may not accept inbound connections.
   *
   * @param address the node's address: where it listens if {@code listens}, otherwise the address its
   *     dials come from (shown to the remote without a port change) and the key for fault injection
   * @param listens whether the node accepts inbound connections
   * @return the node's transport, not started
   * @throws NullPointerException if {@code address} is null
   * @throws IllegalStateException if a transport of this network that is not closed has this address
   */
  public InMemoryTransport transport(PeerAddress address, boolean listens) {
    return new InMemoryTransport(fabric.addNode(address, listens));
  }

  /**
   * Sets the one-way latency between two addresses, the same both ways, replacing the default for
   * frames sent from now on. Connections keep their measured {@link Connection#latency()} until the
   * next measurement.
   *
   * @param a one address
   * @param b the other
   * @param oneWay zero to {@link #MAX_LATENCY}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code oneWay} is negative or above {@link #MAX_LATENCY}
   */
  public void setLatency(PeerAddress a, PeerAddress b, Duration oneWay) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    fabric.setLatency(a, b, checkLatency(oneWay, "oneWay"));
  }

  /**
   * Takes a node down (as if powered off) or brings it back. A down node refuses nothing and answers
   * nothing: dials to it and from it time out, and its connections break at once with
   * {@code NETWORK_ERROR} on both sides.
   *
   * @param node the node's address
   * @param down whether it is down
   * @throws NullPointerException if {@code node} is null
   */
  public void setDown(PeerAddress node, boolean down) {
    fabric.setDown(Objects.requireNonNull(node, "node"), down);
  }

  /**
   * Takes a node's own network offline or back. An offline node's dials fail with {@code UNREACHABLE}
   * at once (those in progress too), its connections break with {@code NETWORK_ERROR} on both sides,
   * and dials to it time out.
   *
   * @param node the node's address
   * @param offline whether its network is offline
   * @throws NullPointerException if {@code node} is null
   */
  public void setOffline(PeerAddress node, boolean offline) {
    fabric.setOffline(Objects.requireNonNull(node, "node"), offline);
  }

  /**
   * Makes a node refuse new connections, or accept them again: dials to it fail with {@code REFUSED}
   * after one round trip. Existing connections stay.
   *
   * @param node the node's address
   * @param refusing whether it refuses
   * @throws NullPointerException if {@code node} is null
   */
  public void setRefusing(PeerAddress node, boolean refusing) {
    fabric.setRefusing(Objects.requireNonNull(node, "node"), refusing);
  }

  /**
   * Cuts or heals the link between two addresses. While cut, dials between them time out, and cutting
   * breaks their connections with {@code NETWORK_ERROR} on both sides.
   *
   * @param a one address
   * @param b the other
   * @param cut whether the link is cut
   * @throws NullPointerException if an address is null
   */
  public void partition(PeerAddress a, PeerAddress b, boolean cut) {
    fabric.partition(Objects.requireNonNull(a, "a"), Objects.requireNonNull(b, "b"), cut);
  }

  /**
   * Makes the next {@code count} dials to {@code target}, from any node, fail with {@code failure}
   * (timing as in the class documentation), replacing an earlier setting for that target.
   *
   * @param target the dialled address
   * @param count how many dials fail; zero clears the setting
   * @param failure the failure they report
   * @throws NullPointerException if {@code target} or {@code failure} is null
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void failNextDials(PeerAddress target, int count, DialException.Failure failure) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(failure, "failure");
    if (count < 0) {
      throw new IllegalArgumentException("count must be zero or positive, was " + count);
    }
    fabric.failNextDials(target, count, failure);
  }

  /**
   * How many messages handlers have received so far (by {@link ConnectionHandler#onMessage}).
   *
   * @return the count
   */
  public long messagesDelivered() {
    return fabric.messagesDelivered();
  }

  /**
   * How many dials nodes have begun so far, including those that failed.
   *
   * @return the count
   */
  public long dialsAttempted() {
    return fabric.dialsAttempted();
  }

  /**
   * How many connections are open: their handshake began (the inbound side has them) and neither side
   * has closed them nor has the network broken them.
   *
   * @return the count
   */
  public int connectionCount() {
    return fabric.connectionCount();
  }

  private static Duration checkLatency(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.compareTo(MAX_LATENCY) > 0) {
      throw new IllegalArgumentException(
          name + " must be zero to " + MAX_LATENCY + ", was " + value);
    }
    return value;
  }

  /**
   * Configures an {@link InMemoryNetwork}. Each setter checks its value at once and names it in the
   * exception. Not thread-safe; build on one thread.
   */
  public static final class Builder {
    private Scheduler scheduler;
    private Duration latency = DEFAULT_LATENCY;
    private Duration latencyJitter = Duration.ZERO;
    private RandomGenerator random;
    private int maxAddressesPerAnswer = DEFAULT_MAX_ADDRESSES_PER_ANSWER;
    private int maxPayloadSize = DEFAULT_MAX_PAYLOAD_SIZE;
    private int maxPendingDeliveries = DEFAULT_MAX_PENDING_DELIVERIES;
    private int maxInFlightMessages = DEFAULT_MAX_IN_FLIGHT_MESSAGES;

    private Builder() {}

    /**
     * Sets the scheduler that runs every delivery; required. Use a {@link VirtualTime} in tests and
     * simulations.
     *
     * @param scheduler the scheduler
     * @return this builder
     * @throws NullPointerException if {@code scheduler} is null
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the default one-way latency of every link; default {@link #DEFAULT_LATENCY}.
     *
     * @param oneWay zero to {@link #MAX_LATENCY}
     * @return this builder
     * @throws NullPointerException if {@code oneWay} is null
     * @throws IllegalArgumentException if it is negative or above {@link #MAX_LATENCY}
     */
    public Builder latency(Duration oneWay) {
      this.latency = checkLatency(oneWay, "latency");
      return this;
    }

    /**
     * Sets the largest extra delay added to each frame's latency, drawn uniformly from zero to it;
     * default zero (no jitter).
     *
     * @param jitter zero to {@link #MAX_LATENCY}
     * @return this builder
     * @throws NullPointerException if {@code jitter} is null
     * @throws IllegalArgumentException if it is negative or above {@link #MAX_LATENCY}
     */
    public Builder latencyJitter(Duration jitter) {
      this.latencyJitter = checkLatency(jitter, "latencyJitter");
      return this;
    }

    /**
     * Sets the random source of the jitter; default {@code new Random(0)}, so runs repeat. The
     * network uses it under its lock only.
     *
     * @param random the random source; a {@link Random} works
     * @return this builder
     * @throws NullPointerException if {@code random} is null
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets the most addresses one answer to {@link Connection#requestAddresses()} carries; a longer
     * list from the handler is cut to its first entries. Default
     * {@link #DEFAULT_MAX_ADDRESSES_PER_ANSWER}.
     *
     * @param max zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public Builder maxAddressesPerAnswer(int max) {
      this.maxAddressesPerAnswer = checkAtLeast(max, 0, "maxAddressesPerAnswer");
      return this;
    }

    /**
     * Sets the largest message payload; default {@link #DEFAULT_MAX_PAYLOAD_SIZE}.
     *
     * @param bytes one or more
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is below one
     */
    public Builder maxPayloadSize(int bytes) {
      this.maxPayloadSize = checkAtLeast(bytes, 1, "maxPayloadSize");
      return this;
    }

    /**
     * Sets how many messages and address requests a connection holds before it is activated; one
     * more closes it with {@code PROTOCOL_ERROR}. Default {@link #DEFAULT_MAX_PENDING_DELIVERIES}.
     *
     * @param max one or more
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is below one
     */
    public Builder maxPendingDeliveries(int max) {
      this.maxPendingDeliveries = checkAtLeast(max, 1, "maxPendingDeliveries");
      return this;
    }

    /**
     * Sets how many frames one side may have sent that the other side's handler has not yet received;
     * beyond it {@code send} fails. Default {@link #DEFAULT_MAX_IN_FLIGHT_MESSAGES}.
     *
     * @param max one or more
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is below one
     */
    public Builder maxInFlightMessages(int max) {
      this.maxInFlightMessages = checkAtLeast(max, 1, "maxInFlightMessages");
      return this;
    }

    /**
     * Creates the network, with no nodes.
     *
     * @return the network
     * @throws IllegalStateException if no scheduler was set
     */
    public InMemoryNetwork build() {
      if (scheduler == null) {
        throw new IllegalStateException(
            "a scheduler is required: call scheduler(...), for example with a VirtualTime");
      }
      return new InMemoryNetwork(new InMemoryFabric(
          scheduler,
          latency,
          latencyJitter,
          random != null ? random : new Random(0),
          maxAddressesPerAnswer,
          maxPayloadSize,
          maxPendingDeliveries,
          maxInFlightMessages));
    }

    private static int checkAtLeast(int value, int min, String name) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
      }
      return value;
    }
  }
}
