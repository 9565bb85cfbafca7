package dev.peerage.store.json.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * The fixed names of the store's document format, shared by its reader and writer. The envelope
 * (these members, their order and the checksum rule) is the part of the format that never changes
 * between versions, so any version can verify and identify any other version's file.
 */
public final class StoreFormat {
  /** The value of the {@code format} member of a snapshot document. */
  public static final String FORMAT_NAME = "peerage-peers";

  /** The format version this code writes, and the newest it reads. */
  public static final int CURRENT_VERSION = 1;

  /** The value of the {@code format} member of a key file. */
  public static final String KEY_FORMAT_NAME = "peerage-node-key";

  /** The only key file version. */
  public static final int KEY_VERSION = 1;

  /** Envelope member naming the format. */
  public static final String FORMAT_FIELD = "format";

  /** Envelope member holding the integer version. */
  public static final String VERSION_FIELD = "version";

  /** Envelope member holding the write time. */
  public static final String WRITTEN_FIELD = "written";

  /** Envelope member holding the snapshot. */
  public static final String CONTENT_FIELD = "content";

  /** Envelope member holding the checksum; always last. */
  public static final String CHECKSUM_FIELD = "checksum";

  /** Prefix of the checksum value, naming the algorithm. */
  public static final String CHECKSUM_PREFIX = "sha256:";

  /**
   * The earliest time a load hands to the node, 1970-01-01T00:00:00Z: no Peerage store can have
   * recorded anything before it. An earlier time in a file loads as this one.
   */
  public static final Instant FIRST_TIME = Instant.EPOCH;

  /**
   * The latest time a load hands to the node, 9999-12-31T23:59:59.999999999Z, the last instant with
   * a four-digit year. It keeps every sum of a stored time and a duration the node uses (days or
   * years) far from {@link Instant#MAX} and from the range of {@link Instant#toEpochMilli()}. A
   * later time in a file loads as this one.
   */
  public static final Instant LAST_TIME = Instant.ofEpochSecond(253_402_300_799L, 999_999_999);

  /**
   * The largest address book {@code attempts} count a load hands to the node, one million. The book
   * gives up on an address after a handful of failures (as in Bitcoin Core's addrman: 3 attempts
   * without a success, or 10 failures in a week), so a larger count means nothing more; the bound
   * keeps the next increment far from overflow. A larger count in a file loads as this one.
   */
  public static final int MAX_ATTEMPTS = 1_000_000;

  private StoreFormat() {}

  /**
   * Returns a fresh SHA-256 digest.
   *
   * @return the digest
   */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
