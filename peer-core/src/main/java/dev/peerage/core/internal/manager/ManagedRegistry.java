package dev.peerage.core.internal.manager;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The managed peers, in the order they were added, with indexes by node id and by address per
 * network, so that matching a connection, a ticket or a new entry to a managed peer costs a hash
 * lookup rather than a scan of every peer. Confined to the manager's lock: every method checks it is
 * held.
 *
 * <p>Peers normally have distinct addresses and node ids within a network (adding and updating
 * enforce it), but a restored file may break the rule; each index therefore keeps every peer under a
 * key, and a lookup returns the earliest added, as the scans it replaced did.
 */
final class ManagedRegistry {
  private record AddressKey(NetworkId network, PeerAddress address) {}

  private final ManagerLock lock;
  private final LinkedHashMap<String, Managed> byId = new LinkedHashMap<>();
  private final Collection<Managed> values = Collections.unmodifiableCollection(byId.values());
  private final Map<NodeId, List<Managed>> byNodeId = new HashMap<>();
  private final Map<AddressKey, List<Managed>> byAddress = new HashMap<>();
  private final Map<NetworkId, Integer> customPeers = new HashMap<>();
  private long nextOrder;

  ManagedRegistry(ManagerLock lock) {
    this.lock = lock;
  }

  /** Every managed peer in insertion order; a live view (iterate a copy to change the registry). */
  Collection<Managed> values() {
    lock.checkHeld();
    return values;
  }

  int size() {
    lock.checkHeld();
    return byId.size();
  }

  Managed get(String id) {
    lock.checkHeld();
    return byId.get(id);
  }

  boolean contains(String id) {
    lock.checkHeld();
    return byId.containsKey(id);
  }

  /** Whether {@code m} is still the registered peer under its id (not removed or replaced). */
  boolean isCurrent(Managed m) {
    return get(m.entry.id()) == m;
  }

  /** Adds a peer whose id is not registered yet. */
  void add(Managed m) {
    lock.checkHeld();
    if (byId.putIfAbsent(m.entry.id(), m) != null) {
      throw new IllegalStateException("a managed peer with id " + m.entry.id() + " is registered");
    }
    m.order = nextOrder++;
    index(m, m.entry);
  }

  void remove(Managed m) {
    lock.checkHeld();
    if (byId.remove(m.entry.id(), m)) {
      unindex(m, m.entry);
    }
  }

  /** Replaces a registered peer's entry (same id), keeping the indexes in step. */
  void replaceEntry(Managed m, PeerEntry after) {
    lock.checkHeld();
    unindex(m, m.entry);
    m.entry = after;
    index(m, after);
  }

  /** The earliest added peer of {@code network} with this node id, or null. */
  Managed byNodeId(NetworkId network, NodeId nodeId) {
    lock.checkHeld();
    for (Managed m : byNodeId.getOrDefault(nodeId, List.of())) {
      if (m.entry.network().equals(network)) {
        return m;
      }
    }
    return null;
  }

  /** The earliest added peer of any network with this node id, or null. */
  Managed byNodeId(NodeId nodeId) {
    lock.checkHeld();
    List<Managed> all = byNodeId.getOrDefault(nodeId, List.of());
    return all.isEmpty() ? null : all.get(0);
  }

  /** The earliest added peer of {@code network} that lists this address, or null. */
  Managed ownerOf(NetworkId network, PeerAddress address) {
    lock.checkHeld();
    List<Managed> owners = byAddress.getOrDefault(new AddressKey(network, address), List.of());
    return owners.isEmpty() ? null : owners.get(0);
  }

  /**
   * The earliest added peer of {@code network} that lists this address and has no node id yet, or
   * null: the only kind of peer an address alone may identify.
   */
  Managed ownerWithoutNodeId(NetworkId network, PeerAddress address) {
    lock.checkHeld();
    for (Managed m : byAddress.getOrDefault(new AddressKey(network, address), List.of())) {
      if (m.entry.nodeId().isEmpty()) {
        return m;
      }
    }
    return null;
  }

  /** How many peers of {@code network} are not protected defaults (the custom-peer limit counts them). */
  int customPeers(NetworkId network) {
    lock.checkHeld();
    return customPeers.getOrDefault(network, 0);
  }

  private void index(Managed m, PeerEntry entry) {
    entry.nodeId().ifPresent(id -> insertOrdered(byNodeId.computeIfAbsent(id, k -> new ArrayList<>(1)), m));
    for (PeerAddress address : entry.addresses()) {
      insertOrdered(byAddress.computeIfAbsent(new AddressKey(entry.network(), address),
          k -> new ArrayList<>(1)), m);
    }
    if (!entry.isProtected()) {
      customPeers.merge(entry.network(), 1, Integer::sum);
    }
  }

  private void unindex(Managed m, PeerEntry entry) {
    entry.nodeId().ifPresent(id -> removeFrom(byNodeId, id, m));
    for (PeerAddress address : entry.addresses()) {
      removeFrom(byAddress, new AddressKey(entry.network(), address), m);
    }
    if (!entry.isProtected()) {
      customPeers.merge(entry.network(), -1, Integer::sum);
    }
  }

  /** Keeps each list in insertion order, so the first element is the earliest added peer. */
  private static void insertOrdered(List<Managed> list, Managed m) {
    if (list.contains(m)) {
      return; // an entry may list the same address once only, but be safe
    }
    int i = list.size();
    while (i > 0 && list.get(i - 1).order > m.order) {
      i--;
    }
    list.add(i, m);
  }

  private static <K> void removeFrom(Map<K, List<Managed>> index, K key, Managed m) {
    List<Managed> list = index.get(key);
    if (list != null) {
      list.remove(m);
      if (list.isEmpty()) {
        index.remove(key);
      }
    }
  }
}
