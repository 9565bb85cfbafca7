package dev.peerage.transport.netty.internal;

import java.time.Duration;

/** What the keep-alive handler tells the message dispatcher, as user events. */
public sealed interface KeepAliveEvent {
  /**
   * A PONG answered our PING.
   *
   * @param roundTrip the time from sending the PING to reading the PONG
   */
  record Latency(Duration roundTrip) implements KeepAliveEvent {}

  /**
   * No PONG came in time.
   *
   * @param waited how long we waited
   */
  record PongMissing(Duration waited) implements KeepAliveEvent {}
}
