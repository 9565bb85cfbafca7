package dev.peerage.core.spi;

/**
 * A {@link PeerStore} could not load or save. The message says which file or resource and why (for
 * example "disk full while writing /var/lib/node/peers.json.tmp"); nothing previously saved is lost.
 */
public class PeerStoreException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the resource
   */
  public PeerStoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed, naming the resource
   * @param cause the underlying failure
   */
  public PeerStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
