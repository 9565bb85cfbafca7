package dev.peerage.core.internal.manager;

import dev.peerage.core.address.PeerAddress;

/** The next outbound candidate the tick found. */
record Candidate(PeerAddress address, Purpose purpose, Managed managed) {}
