package dev.peerage.benchmarks.sim;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.InMemoryTransport;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The honest part of an eclipse scenario's network, seen from the one victim: a listener at each live
 * honest address that accepts connections, stays quiet and answers an address request with up to
 * {@value #ANSWER} live honest addresses. Running ten thousand full peer managers for two virtual days
 * per seed would cost hours; the victim only ever sees what these listeners show it. Churn powers
 * nodes off for good ({@link InMemoryNetwork#setDown}) and brings new ones up at fresh addresses. Not
 * thread-safe: the simulation thread owns it.
 */
final class HonestNetwork {
  /** Addresses in one answer to an address request. */
  static final int ANSWER = 100;

  private final InMemoryNetwork network;
  private final InstantSource clock;
  private final Random random;
  private final List<PeerAddress> live = new ArrayList<>();
  private final Set<PeerAddress> liveSet = new HashSet<>();
  private final List<InMemoryTransport> transports = new ArrayList<>();
  private int nextIndex;

  /** Brings up {@code size} honest nodes at {@link SimWorld#address(int)} 0 to size - 1. */
  HonestNetwork(InMemoryNetwork network, InstantSource clock, int size, long seed) {
    this.network = network;
    this.clock = clock;
    this.random = new Random(seed * 7_777_777L + 13);
    for (int i = 0; i < size; i++) {
      join();
    }
  }

  boolean isLive(PeerAddress address) {
    return liveSet.contains(address);
  }

  /** Replaces {@code share} of the non-seed live nodes with new ones at fresh addresses. */
  void churn(double share) {
    int leaving = (int) Math.round((live.size() - SimWorld.SEEDS) * share);
    for (int k = 0; k < leaving; k++) {
      int victimIndex = SimWorld.SEEDS + random.nextInt(live.size() - SimWorld.SEEDS);
      PeerAddress gone = live.get(victimIndex);
      live.set(victimIndex, live.get(live.size() - 1));
      live.remove(live.size() - 1);
      liveSet.remove(gone);
      network.setDown(gone, true);
    }
    for (int k = 0; k < leaving; k++) {
      join();
    }
  }

  private void join() {
    int index = nextIndex++;
    PeerAddress address = SimWorld.address(index);
    InMemoryTransport transport = network.transport(address);
    ConnectionHandler handler = new QuietListener(this::answer);
    transport.start(new TransportContext(SimWorld.listenerIdentity(0, index),
        NetworkId.MAIN, c -> c.activate(handler)));
    transports.add(transport);
    live.add(address);
    liveSet.add(address);
  }

  void close() {
    for (InMemoryTransport t : transports) {
      t.close();
    }
  }

  private List<TimestampedAddress> answer() {
    List<TimestampedAddress> answer = new ArrayList<>();
    for (int i = 0; i < ANSWER && !live.isEmpty(); i++) {
      answer.add(new TimestampedAddress(live.get(random.nextInt(live.size())), clock.instant()));
    }
    return answer;
  }
}
