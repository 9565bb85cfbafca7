package dev.peerage.store.json.internal;

import dev.peerage.core.address.PeerAddress;
import java.util.Arrays;

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

  /**
   * Each slot's text as characters (compared with the vectorised {@link Arrays#equals(char[], int,
   * int, char[], int, int)}, which was a third of a lookup's time with {@code String.charAt}) and
   * its hash, compared first so that a probe past another text rarely looks at characters.
   */
  private char[][] texts = new char[256][];

  private int[] hashes = new int[256];
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
    int hash = hash(buffer, offset, length);
    int mask = texts.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      char[] text = texts[slot];
      if (text == null) {
        return null;
      }
      if (hashes[slot] == hash
          && Arrays.equals(text, 0, text.length, buffer, offset, offset + length)) {
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
    char[] chars = text.toCharArray();
    if (insert(texts, hashes, addresses, chars, hash(chars, 0, chars.length), address)) {
      size++;
    }
  }

  /**
   * The address the text in {@code buffer[offset .. offset + length)} parses to: the cached one,
   * or one parsed with {@code parser} and then cached.
   *
   * @param buffer the characters
   * @param offset where the text starts
   * @param length its length
   * @param parser parses a text not cached
   * @return the address
   * @throws dev.peerage.core.address.InvalidPeerAddressException if the text is not a valid address
   */
  PeerAddress parse(char[] buffer, int offset, int length, AddressText.Reader parser) {
    PeerAddress cached = get(buffer, offset, length);
    if (cached != null) {
      return cached;
    }
    PeerAddress parsed = parser.parse(buffer, offset, length);
    put(new String(buffer, offset, length), parsed);
    return parsed;
  }

  /** The number of addresses cached. */
  int size() {
    return size;
  }

  private void grow() {
    int length = texts.length * 2;
    char[][] biggerTexts = new char[length][];
    int[] biggerHashes = new int[length];
    PeerAddress[] biggerAddresses = new PeerAddress[length];
    for (int i = 0; i < texts.length; i++) {
      if (texts[i] != null) {
        insert(biggerTexts, biggerHashes, biggerAddresses, texts[i], hashes[i], addresses[i]);
      }
    }
    texts = biggerTexts;
    hashes = biggerHashes;
    addresses = biggerAddresses;
  }

  private static boolean insert(
      char[][] texts,
      int[] hashes,
      PeerAddress[] addresses,
      char[] text,
      int hash,
      PeerAddress address) {
    int mask = texts.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      if (texts[slot] == null) {
        texts[slot] = text;
        hashes[slot] = hash;
        addresses[slot] = address;
        return true;
      }
      if (hashes[slot] == hash && Arrays.equals(texts[slot], text)) {
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
    return h ^ (h >>> 16);
  }
}
