package dev.peerage.core.spi;

/** Which side opened a connection. */
public enum Direction {
  /** The remote peer connected to us. */
  INBOUND,
  /** We dialled the remote peer. */
  OUTBOUND
}
