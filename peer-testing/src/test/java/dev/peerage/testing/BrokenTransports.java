package dev.peerage.testing;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.Transport;
import dev.peerage.core.spi.TransportContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * In-memory transports with one deliberate defect each, for {@link TransportContractSelfTest}: the
 * contract must fail them. Nested classes, so surefire does not run them on its own.
 */
final class BrokenTransports {
  private BrokenTransports() {}

  /** Fails dials with an {@link IllegalStateException} instead of a {@code DialException}. */
  static class DialFailsWithoutDialException extends InMemoryTransportContractTest {
    @Override
    protected Transport newTransport() {
      return new Wrapped(super.newTransport()) {
        @Override
        public CompletionStage<Connection> dial(PeerAddress address, Duration timeout) {
          return super.dial(address, timeout).handle((connection, error) -> {
            if (error != null) {
              throw new CompletionException(new IllegalStateException("dial failed: " + error));
            }
            return connection;
          });
        }
      };
    }
  }

  /** Reports every close to the handler twice. */
  static class ClosedTwice extends InMemoryTransportContractTest {
    @Override
    protected Transport newTransport() {
      return new Wrapped(super.newTransport()) {
        @Override
        ConnectionHandler handler(ConnectionHandler handler) {
          return new ForwardingHandler(handler) {
            @Override
            public void onClosed(Connection connection, DisconnectReason reason) {
              super.onClosed(connection, reason);
              super.onClosed(connection, reason);
            }
          };
        }
      };
    }
  }

  /** Sends every close to the remote as {@code OTHER} with no detail, but says it carries reasons. */
  static class DropsTheReason extends InMemoryTransportContractTest {
    @Override
    protected Transport newTransport() {
      return new Wrapped(super.newTransport()) {
        @Override
        DisconnectReason onTheWire(DisconnectReason reason) {
          return DisconnectReason.local(DisconnectReason.Code.OTHER, "");
        }
      };
    }
  }

  /** The same transport, declaring that its protocol does not carry the reason. */
  static class DropsTheReasonAndSaysSo extends DropsTheReason {
    @Override
    protected boolean sendsDisconnectReason() {
      return false;
    }
  }

  /** Forwards everything to an in-memory transport; subclasses change one thing. */
  private static class Wrapped implements Transport {
    private final Transport delegate;

    Wrapped(Transport delegate) {
      this.delegate = delegate;
    }

    ConnectionHandler handler(ConnectionHandler handler) {
      return handler;
    }

    DisconnectReason onTheWire(DisconnectReason reason) {
      return reason;
    }

    @Override
    public CompletionStage<Void> start(TransportContext context) {
      return delegate.start(new TransportContext(context.identity(), context.network(),
          connection -> context.inbound().accept(wrap(connection))));
    }

    @Override
    public CompletionStage<Connection> dial(PeerAddress address, Duration timeout) {
      return delegate.dial(address, timeout).thenApply(this::wrap);
    }

    @Override
    public Optional<PeerAddress> listenAddress() {
      return delegate.listenAddress();
    }

    @Override
    public CompletionStage<Void> close() {
      return delegate.close();
    }

    private Connection wrap(Connection connection) {
      return new WrappedConnection(connection, this);
    }
  }

  private static final class WrappedConnection implements Connection {
    private final Connection delegate;
    private final Wrapped transport;
    private volatile DisconnectReason given;

    WrappedConnection(Connection delegate, Wrapped transport) {
      this.delegate = delegate;
      this.transport = transport;
    }

    @Override
    public NodeId remoteNodeId() {
      return delegate.remoteNodeId();
    }

    @Override
    public PeerAddress remoteAddress() {
      return delegate.remoteAddress();
    }

    @Override
    public Optional<PeerAddress> advertisedAddress() {
      return delegate.advertisedAddress();
    }

    @Override
    public Direction direction() {
      return delegate.direction();
    }

    @Override
    public NetworkId network() {
      return delegate.network();
    }

    @Override
    public void activate(ConnectionHandler handler) {
      delegate.activate(transport.handler(new ForwardingHandler(handler) {
        @Override
        public void onClosed(Connection connection, DisconnectReason reason) {
          // Callbacks name the connection the handler was given, not the one underneath.
          super.onClosed(WrappedConnection.this, reported(reason));
        }
      }));
    }

    @Override
    public CompletionStage<Void> send(int channel, byte[] payload) {
      return delegate.send(channel, payload);
    }

    @Override
    public CompletionStage<List<TimestampedAddress>> requestAddresses() {
      return delegate.requestAddresses();
    }

    @Override
    public int maxPayloadSize() {
      return delegate.maxPayloadSize();
    }

    @Override
    public void close(DisconnectReason reason) {
      if (given == null) {
        given = reason;
      }
      delegate.close(transport.onTheWire(reason));
    }

    @Override
    public CompletionStage<DisconnectReason> closed() {
      return delegate.closed().thenApply(this::reported);
    }

    /** A local close is reported with the reason this side was given, whatever went on the wire. */
    private DisconnectReason reported(DisconnectReason reason) {
      DisconnectReason local = given;
      return local != null && !reason.remote()
          ? DisconnectReason.local(local.code(), local.detail()) : reason;
    }

    @Override
    public long bytesIn() {
      return delegate.bytesIn();
    }

    @Override
    public long bytesOut() {
      return delegate.bytesOut();
    }

    @Override
    public Optional<Duration> latency() {
      return delegate.latency();
    }
  }

  private static class ForwardingHandler implements ConnectionHandler {
    private final ConnectionHandler delegate;

    ForwardingHandler(ConnectionHandler delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onMessage(Connection connection, int channel, byte[] payload) {
      delegate.onMessage(connection, channel, payload);
    }

    @Override
    public List<TimestampedAddress> onAddressRequest(Connection connection) {
      return delegate.onAddressRequest(connection);
    }

    @Override
    public void onLatency(Connection connection, Duration latency) {
      delegate.onLatency(connection, latency);
    }

    @Override
    public void onMisbehaviour(Connection connection, MisbehaviourKind kind, String evidence) {
      delegate.onMisbehaviour(connection, kind, evidence);
    }

    @Override
    public void onClosed(Connection connection, DisconnectReason reason) {
      delegate.onClosed(connection, reason);
    }
  }
}
