/**
 * Crash-safe, versioned, checksummed JSON persistence for Peerage's {@code PeerStore} SPI.
 *
 * <p>This module is empty until the JSON store lands; see the project's issue list and
 * {@code docs/architecture.md} for what it will hold.
 */
package dev.peerage.store.json;
