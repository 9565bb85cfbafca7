/**
 * Test fixtures that run whole networks of peer managers deterministically and fast: {@link
 * dev.peerage.core.testing.VirtualTime} (a clock and scheduler that only move when told) and {@link
 * dev.peerage.core.testing.InMemoryNetwork} with its {@link
 * dev.peerage.core.testing.InMemoryTransport}s (connections with latency, loss and partitions, all on
 * virtual time).
 *
 * <p>Start reading at {@code InMemoryNetwork.builder}. Like Netty's {@code EmbeddedChannel}, these
 * are for tests and simulations, not production; they sit above the manager and nothing in Peerage's
 * main code depends on them.
 */
package dev.peerage.core.testing;
