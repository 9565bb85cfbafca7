package dev.peerage.transport.netty.internal;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nonces of the most recent HELLOs this transport sent, so that a HELLO carrying our own node id
 * can be recognised as our own (a self-connection) rather than an impersonator's. Nonces are kept
 * after their handshake ends, because the two ends of a self-connection finish in either order;
 * the oldest is forgotten once {@code capacity} are held. Thread-safe.
 */
public final class RecentNonces {
  private final Map<ByteBuffer, Boolean> nonces;

  /**
   * Creates an empty set.
   *
   * @param capacity the most nonces kept
   */
  public RecentNonces(int capacity) {
    this.nonces = new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * Remembers a nonce we sent.
   *
   * @param nonce the nonce; not copied, do not change it
   */
  public synchronized void add(byte[] nonce) {
    nonces.put(ByteBuffer.wrap(nonce), Boolean.TRUE);
  }

  /**
   * Whether a nonce is one we sent recently.
   *
   * @param nonce the nonce from a HELLO
   * @return whether it is ours
   */
  public synchronized boolean contains(byte[] nonce) {
    return nonces.containsKey(ByteBuffer.wrap(nonce));
  }
}
