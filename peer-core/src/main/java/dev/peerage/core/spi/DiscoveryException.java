package dev.peerage.core.spi;

/**
 * Why a {@link DiscoverySource} found nothing: every lookup it tried failed. Carried as the
 * exceptional completion of {@link DiscoverySource#discover}; the individual failures are attached
 * as suppressed exceptions when there were several.
 *
 * <p>Instances are immutable once thrown and may be shared between threads.
 */
public final class DiscoveryException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed, naming the seeds or resources involved
   */
  public DiscoveryException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what failed, naming the seeds or resources involved
   * @param cause the underlying failure
   */
  public DiscoveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
