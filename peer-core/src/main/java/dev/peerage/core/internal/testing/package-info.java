/** The in-memory network's fabric, nodes and connections behind {@code dev.peerage.core.testing}. */
package dev.peerage.core.internal.testing;
