package dev.peerage.core.internal.manager;

import dev.peerage.core.address.PeerAddress;

/** A dial in flight. */
record Dial(PeerAddress address, Purpose purpose, Managed managed, int generation) {}
