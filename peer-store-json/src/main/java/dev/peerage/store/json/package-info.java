/**
 * Crash-safe, versioned, checksummed JSON persistence for Peerage's {@link
 * dev.peerage.core.spi.PeerStore} SPI.
 *
 * <p>Start with {@link dev.peerage.store.json.JsonPeerStore}: {@code JsonPeerStore.open(directory)}
 * gives a store to hand to {@code PeerManager.builder().store(...)}. What the store may report
 * while loading is a {@link dev.peerage.store.json.StoreWarning}. The file format, the save
 * procedure and every fallback are specified in {@code docs/persistence-format.md}.
 *
 * <p>The implementation lives in {@code dev.peerage.store.json.internal}, which is not API: the
 * streaming reader and writer, the durable file writer, the key file and the directory lock.
 */
package dev.peerage.store.json;
