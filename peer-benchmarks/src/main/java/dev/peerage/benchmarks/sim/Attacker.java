package dev.peerage.benchmarks.sim;

import dev.peerage.core.address.NetGroup;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.Scheduler;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.InMemoryTransport;
import dev.peerage.core.testing.VirtualTime;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * An eclipse attacker: reachable listeners at every address it controls (no peer manager, just a
 * handler that accepts connections, stays quiet and answers address requests with its own addresses).
 */
final class Attacker {
  final List<PeerAddress> addresses = new ArrayList<>();
  final Set<NetGroup> groups = new HashSet<>();
  private final List<InMemoryTransport> transports = new ArrayList<>();
  private final Random random;
  private final InstantSource clock;
  private final int answerSize;
  private final Scheduler scheduler;
  private Duration dropAfter = Duration.ZERO;

  /**
   * Attacker group g is the /16 150.g (g below 32: 150.0/16 to 150.31/16), all publicly routable and
   * far from the honest nodes' 11/8 to 15/8.
   */
  Attacker(InMemoryNetwork network, VirtualTime time, int groupCount, int perGroup, long seed,
      int answerSize) {
    this.random = new Random(seed ^ 0x5EED);
    this.clock = time;
    this.scheduler = time;
    this.answerSize = answerSize;
    int identity = 0;
    for (int g = 0; g < groupCount; g++) {
      for (int k = 0; k < perGroup; k++) {
        PeerAddress address = PeerAddress.parse("150." + g + "." + (k / 250) + "." + (k % 250 + 1)
            + ":9000");
        addresses.add(address);
        groups.add(address.netGroup());
        InMemoryTransport transport = network.transport(address);
        ConnectionHandler handler = new QuietListener(this::answer);
        transport.start(new TransportContext(SimWorld.listenerIdentity(1, identity++), NetworkId.MAIN,
            c -> accept(c, handler)));
        transports.add(transport);
      }
    }
  }

  /**
   * From now on, closes every connection the victim opens to an attacker address this long after
   * accepting it (zero: holds them). Dropping during the flood makes the victim dial again and again,
   * and every successful dial moves the dialled address into its tried table.
   */
  void dropAcceptedAfter(Duration delay) {
    this.dropAfter = delay;
  }

  private void accept(Connection connection, ConnectionHandler handler) {
    connection.activate(handler);
    if (!dropAfter.isZero()) {
      scheduler.schedule(() -> connection.close(
          DisconnectReason.local(DisconnectReason.Code.REQUESTED, "attacker drops")), dropAfter);
    }
  }

  boolean owns(PeerAddress address) {
    return groups.contains(address.netGroup());
  }

  PeerAddress randomAddress() {
    return addresses.get(random.nextInt(addresses.size()));
  }

  List<TimestampedAddress> answer() {
    List<TimestampedAddress> answer = new ArrayList<>();
    for (int i = 0; i < answerSize; i++) {
      answer.add(new TimestampedAddress(randomAddress(), clock.instant()));
    }
    return answer;
  }

  /** Opens a connection from one of the attacker's addresses to the target, which asks it for addresses. */
  void dialFrom(int index, PeerAddress target) {
    transports.get(index).dial(target, Duration.ofSeconds(10))
        .thenAccept(c -> c.activate(new QuietListener(this::answer)));
  }

  int size() {
    return addresses.size();
  }

  void close() {
    for (InMemoryTransport t : transports) {
      t.close();
    }
  }
}
