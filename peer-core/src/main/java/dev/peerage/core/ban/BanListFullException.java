package dev.peerage.core.ban;


/**
 * Thrown when a ban cannot be stored because the ban list already holds {@link
 * BanPolicy#maxBans()} bans and every one of them lasts longer than the new one, so none may be
 * pushed out to make room. A permanent ban is never pushed out.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class BanListFullException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** The bound that was reached. */
  private final int maxBans;

  /**
   * Creates the exception.
   *
   * @param message what could not be banned and why
   * @param maxBans the bound that was reached
   */
  public BanListFullException(String message, int maxBans) {
    super(message);
    this.maxBans = maxBans;
  }

  /**
   * Returns the bound that was reached.
   *
   * @return the ban list's {@link BanPolicy#maxBans()}
   */
  public int maxBans() {
    return maxBans;
  }
}
