package dev.peerage.store.json.internal;

import dev.peerage.core.address.PeerAddress;

/**
 * Addresses already parsed while reading one document, looked up by their text straight from the
 * JSON parser's character buffer, so that a hit makes no string: an address book's entries name a
 * few thousand sources between them, and most of its 80k {@code source} members are repeats.
 *
 * <p>An open-addressing table (linear probing) of text and address, grown by doubling while at
 * most half full, holding at most {@code capacity} addresses; past that, {@link #get} still finds
 * the cached ones and {@link #put} ignores new ones. Memory is bounded by the capacity and the
 * texts it holds. Not thread-safe: one instance serves one reader.
 */
final class SourceCache {
  private final int capacity;
  private String[] texts = new String[256];
  private PeerAddress[] addresses = new PeerAddress[256];
  private int size;

  /**
   * Creates an empty cache.
   *
   * @param capacity the most addresses it keeps, at least 1
   */
  SourceCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * The address cached for the text in {@code buffer[offset .. offset + length)}, or null.
   *
   * @param buffer the characters
   * @param offset where the text starts
   * @param length its length
   * @return the cached address, or null if this text was not cached
   */
  PeerAddress get(char[] buffer, int offset, int length) {
    int mask = texts.length - 1;
    for (int slot = hash(buffer, offset, length) & mask; ; slot = (slot + 1) & mask) {
      String text = texts[slot];
      if (text == null) {
        return null;
      }
      if (matches(text, buffer, offset, length)) {
        return addresses[slot];
      }
    }
  }

  /**
   * Remembers {@code address} as what {@code text} parses to, unless the cache is full or already
   * holds the text.
   *
   * @param text the address's text as it appeared in the document
   * @param address what it parsed to
   */
  void put(String text, PeerAddress address) {
    if (size >= capacity) {
      return;
    }
    if ((size + 1) * 2 > texts.length) {
      grow();
    }
    if (insert(texts, addresses, text, address)) {
      size++;
    }
  }

  /** The number of addresses cached. */
  int size() {
    return size;
  }

  private void grow() {
    String[] biggerTexts = new String[texts.length * 2];
    PeerAddress[] biggerAddresses = new PeerAddress[texts.length * 2];
    for (int i = 0; i < texts.length; i++) {
      if (texts[i] != null) {
        insert(biggerTexts, biggerAddresses, texts[i], addresses[i]);
      }
    }
    texts = biggerTexts;
    addresses = biggerAddresses;
  }

  private static boolean insert(
      String[] texts, PeerAddress[] addresses, String text, PeerAddress address) {
    int mask = texts.length - 1;
    for (int slot = spread(text.hashCode()) & mask; ; slot = (slot + 1) & mask) {
      if (texts[slot] == null) {
        texts[slot] = text;
        addresses[slot] = address;
        return true;
      }
      if (texts[slot].equals(text)) {
        return false;
      }
    }
  }

  /** The same value as {@link String#hashCode()} of the text, spread over the low bits. */
  private static int hash(char[] buffer, int offset, int length) {
    int h = 0;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + buffer[i];
    }
    return spread(h);
  }

  private static boolean matches(String text, char[] buffer, int offset, int length) {
    if (text.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) != buffer[offset + i]) {
        return false;
      }
    }
    return true;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
