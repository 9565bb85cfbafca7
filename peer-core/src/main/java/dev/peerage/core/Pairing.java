package dev.peerage.core;

import dev.peerage.core.peer.PeerSource;
import dev.peerage.core.peer.PeerTicket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An open pairing window, as returned by {@link PeerManager#openPairing(Duration, int)}: for a bounded
 * time, a node that would otherwise be refused for being a stranger may connect and becomes a managed peer
 * (source {@link PeerSource#PAIRED}), announced by a {@link PeerEvent.PeerPaired}.
 *
 * <p>The host shows {@link #ticket()} (as text or a QR code); the joiner scans it and adds it with
 * {@link PeerManager#addPeer(PeerTicket, String)}, which dials this node. The window ends at
 * {@link #expiresAt()}, once {@link #joinersLeft()} reaches zero (one joiner unless asked otherwise), on
 * {@link #close()}, when another window is opened, or when the manager closes, whichever comes first.
 *
 * <p><b>The window is the gate.</b> A ticket carries no secret, and neither transport can present one
 * from the joiner, so while the window is open any node on this node's network that reaches it, is not
 * banned and passes the per-IP rate limit can take a place. Keep windows short and one-time; a ticket
 * shown after the window ended lets nobody in.
 *
 * <p>Thread-safe; every method may be called from any thread, listeners included, and none blocks.
 */
public interface Pairing extends AutoCloseable {
  /** The longest window {@link PeerManager#openPairing(Duration, int)} accepts: 15 minutes. */
  Duration MAX_WINDOW = Duration.ofMinutes(15);

  /** The most joiners one window admits. */
  int MAX_JOINERS = 16;

  /**
   * The ticket to show the joiner: this node's node id, listen address and network, without a label.
   *
   * @return the ticket, the same for the whole window
   */
  PeerTicket ticket();

  /**
   * The same ticket with a label for the joiner to show (for example "Alice's desktop").
   *
   * @param label the label, at most {@link PeerTicket#MAX_LABEL_LENGTH} code points; empty for none
   * @return the labelled ticket
   * @throws dev.peerage.core.peer.InvalidTicketException if the label is not valid in a ticket
   */
  PeerTicket ticket(Optional<String> label);

  /**
   * When the window ends at the latest, on the manager's clock: the moment it was opened plus its length.
   * A connection that arrives at or after this instant is refused as before.
   *
   * @return the expiry instant
   */
  Instant expiresAt();

  /**
   * Whether the window still admits a joiner: not expired, closed, replaced or used up.
   *
   * @return {@code true} while open
   */
  boolean isOpen();

  /**
   * How many more joiners the window admits: 0 once it is no longer open.
   *
   * @return 0 to {@link #MAX_JOINERS}
   */
  int joinersLeft();

  /** Ends the window now. Idempotent; peers paired through it stay managed peers. Never throws. */
  @Override
  void close();
}
