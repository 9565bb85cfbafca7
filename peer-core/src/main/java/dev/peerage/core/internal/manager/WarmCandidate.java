package dev.peerage.core.internal.manager;

import dev.peerage.core.address.PeerAddress;

/** An anchor or cached peer queued for the warm start. */
record WarmCandidate(PeerAddress address, Purpose purpose) {}
