package dev.peerage.core.spi;

import dev.peerage.core.address.PeerAddress;
import java.util.Objects;

/**
 * Why a {@link Transport#dial} failed. Transports fail dials with this exception only.
 */
public final class DialException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kinds of dial failure, which decide how the manager counts the attempt. */
  public enum Failure {
    /** The remote refused the connection (nothing listens, or it refused us with a reason). */
    REFUSED,
    /** The connect or the handshake did not finish in time. */
    TIMEOUT,
    /** No route to the remote (our own network may be down). */
    UNREACHABLE,
    /** The handshake failed: bad signature, wrong version, malformed hello. */
    HANDSHAKE_FAILED,
    /** The remote belongs to another network. */
    WRONG_NETWORK,
    /** The remote turned out to be this node. */
    SELF,
    /** The remote is not the node we expected at that address. */
    WRONG_NODE,
    /** The transport is closed or not started. */
    CLOSED
  }

  /** The kind of failure. */
  private final Failure failure;

  /** The address that was dialled. */
  private final PeerAddress address;

  /**
   * Creates the exception.
   *
   * @param failure the kind of failure
   * @param address the address dialled
   * @param message what happened, naming the address
   */
  public DialException(Failure failure, PeerAddress address, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure, "failure");
    this.address = Objects.requireNonNull(address, "address");
  }

  /**
   * Creates the exception with a cause.
   *
   * @param failure the kind of failure
   * @param address the address dialled
   * @param message what happened
   * @param cause the underlying exception
   */
  public DialException(Failure failure, PeerAddress address, String message, Throwable cause) {
    super(message, cause);
    this.failure = Objects.requireNonNull(failure, "failure");
    this.address = Objects.requireNonNull(address, "address");
  }

  /**
   * The kind of failure.
   *
   * @return the failure
   */
  public Failure failure() {
    return failure;
  }

  /**
   * The address that was dialled.
   *
   * @return the address
   */
  public PeerAddress address() {
    return address;
  }
}
