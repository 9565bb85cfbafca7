package dev.peerage.core;

/**
 * A managed-peer operation was refused. Subclasses say why; the message names the peer and the rule.
 */
public class PeerManagerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the peer and the rule that refused the operation
   */
  public PeerManagerException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed
   * @param cause the underlying failure
   */
  public PeerManagerException(String message, Throwable cause) {
    super(message, cause);
  }

  /** No managed peer has the given id. */
  public static final class PeerNotFoundException extends PeerManagerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param id the unknown id
     */
    public PeerNotFoundException(String id) {
      super("no managed peer has id '" + id + "'");
    }
  }

  /** The operation would remove or readdress a protected (default bootstrap) peer. */
  public static final class ProtectedPeerException extends PeerManagerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the peer and the refused change
     */
    public ProtectedPeerException(String message) {
      super(message);
    }
  }

  /** Adding the peer would exceed the configured maximum of custom peers of its network. */
  public static final class PeerLimitExceededException extends PeerManagerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the network, the limit and the peer
     */
    public PeerLimitExceededException(String message) {
      super(message);
    }
  }

  /** The peer belongs to a network this manager does not serve, or the change would move it. */
  public static final class WrongNetworkException extends PeerManagerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the network and the rule
     */
    public WrongNetworkException(String message) {
      super(message);
    }
  }

  /** A peer with the same id, address or node id already exists. */
  public static final class DuplicatePeerException extends PeerManagerException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the clashing field and peer
     */
    public DuplicatePeerException(String message) {
      super(message);
    }
  }
}
