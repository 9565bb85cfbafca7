package dev.peerage.core.internal.manager;

import dev.peerage.core.Pairing;
import dev.peerage.core.peer.PeerTicket;
import dev.peerage.core.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The manager's pairing window: at most one open at a time, with one expiry timer, so a host that opens
 * windows all day holds one handle, not one per window. While a window is open (before its expiry
 * instant, not closed, joiners left) {@link InboundAdmission} lets strangers past the known-peers-only
 * rule and the manager makes each admitted stranger a managed peer, {@linkplain #claim() taking} one
 * place. Opening a window ends the previous one. Confined to the manager's lock, except the handle's
 * methods, which take it.
 */
final class PairingWindow {
  private final ManagerLock lock;
  private final Scheduler scheduler;
  private final InstantSource clock;
  /** The open window, or null. */
  private Window current;

  PairingWindow(ManagerLock lock, Scheduler scheduler, InstantSource clock) {
    this.lock = lock;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /**
   * Checks the arguments of {@code openPairing}; no lock needed.
   *
   * @throws IllegalArgumentException naming the value and the allowed range
   */
  static void check(Duration window, int joiners) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero() || window.compareTo(Pairing.MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("a pairing window must be positive and at most "
          + Pairing.MAX_WINDOW + ", was " + window);
    }
    if (joiners < 1 || joiners > Pairing.MAX_JOINERS) {
      throw new IllegalArgumentException("a pairing window admits 1 to " + Pairing.MAX_JOINERS
          + " joiners, was " + joiners);
    }
  }

  /** Opens a window, ending any open one; it expires exactly {@code length} from now. Under the lock. */
  Pairing open(PeerTicket ticket, Duration length, int joiners) {
    lock.checkHeld();
    check(length, joiners);
    if (current != null) {
      end(current);
    }
    Window window = new Window(ticket, clock.instant().plus(length), joiners);
    current = window;
    window.expiry = scheduler.schedule(() -> lock.run(() -> end(window)), length);
    return window;
  }

  /** Whether a stranger may be admitted and paired now. Under the lock. */
  boolean isOpen() {
    lock.checkHeld();
    return current != null && open(current);
  }

  /** Takes one joiner's place in the open window, ending it when none are left. Under the lock. */
  void claim() {
    lock.checkHeld();
    if (!isOpen()) {
      throw new IllegalStateException("no pairing window is open");
    }
    current.joinersLeft--;
    if (current.joinersLeft == 0) {
      end(current);
    }
  }

  /** Ends the open window (the manager is closing). Under the lock. */
  void stop() {
    lock.checkHeld();
    if (current != null) {
      end(current);
    }
  }

  /** The timers held now: 0 or 1. Under the lock. */
  int timers() {
    lock.checkHeld();
    return current != null && current.expiry != null ? 1 : 0;
  }

  private boolean open(Window window) {
    return current == window && window.joinersLeft > 0 && clock.instant().isBefore(window.expiresAt);
  }

  private void end(Window window) {
    if (current == window) {
      current = null;
    }
    window.joinersLeft = 0;
    if (window.expiry != null) {
      window.expiry.cancel();
      window.expiry = null;
    }
  }

  /** One window, as the host holds it. */
  private final class Window implements Pairing {
    private final PeerTicket ticket;
    private final Instant expiresAt;
    /** Guarded by the manager's lock. */
    private int joinersLeft;
    private Scheduler.Cancellable expiry;

    Window(PeerTicket ticket, Instant expiresAt, int joiners) {
      this.ticket = ticket;
      this.expiresAt = expiresAt;
      this.joinersLeft = joiners;
    }

    @Override
    public PeerTicket ticket() {
      return ticket;
    }

    @Override
    public PeerTicket ticket(Optional<String> label) {
      Objects.requireNonNull(label, "label");
      return PeerTicket.of(ticket.nodeId(), ticket.addresses(), ticket.network(), label);
    }

    @Override
    public Instant expiresAt() {
      return expiresAt;
    }

    @Override
    public boolean isOpen() {
      return lock.call(() -> open(this));
    }

    @Override
    public int joinersLeft() {
      return lock.call(() -> open(this) ? joinersLeft : 0);
    }

    @Override
    public void close() {
      lock.run(() -> end(this));
    }

    @Override
    public String toString() {
      return "Pairing[expiresAt=" + expiresAt + ", node=" + ticket.nodeId().shortString() + "]";
    }
  }
}
