package dev.peerage.store.json.internal;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.book.AddressBookSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Decodes one address book entry from its line in a file the store wrote, straight from the bytes,
 * for {@link EntryLineStream}. It takes only the exact form {@link SnapshotWriter} writes:
 *
 * <pre>{@code
 * {"address": "A", "source": "S", "lastSeen": "T", ["lastTry": "T", ]["lastCountedAttempt": "T", ]
 *     ["lastSuccess": "T", ]"attempts": N, "tried": true|false[, "newBuckets": [N, N, ...]]}
 * }</pre>
 *
 * <p>members in that order, each at most once, separated by exactly {@code ", "} and {@code ": "};
 * strings of printable ASCII without escapes; numbers as {@code 0} or a digit 1 to 9 followed by up
 * to eight digits. The values go through the code the Jackson path uses ({@link AddressText.Reader},
 * {@link SourceCache}, {@link InstantText}, the entry's constructor), so an entry decoded here is
 * equal to the one {@link ContentReader} makes of the same line. Anything else, and any value the
 * Jackson path would drop or load with a warning (a time outside {@link StoreFormat#FIRST_TIME} ..
 * {@link StoreFormat#LAST_TIME}, {@code attempts} above {@link StoreFormat#MAX_ATTEMPTS}, an
 * invalid address, a tried entry with buckets), makes {@link #decode} return null: the line is then
 * the parser's, which makes the warnings.
 *
 * <p>Not thread-safe: one instance serves one document reader.
 */
final class BookEntryLine {
  /** The longest string value decoded here; a longer one is left to the parser. */
  static final int MAX_TEXT = 512;

  private static final byte[] ADDRESS = ascii("{\"address\": \"");
  private static final byte[] SOURCE = ascii("\", \"source\": \"");
  private static final byte[] LAST_SEEN = ascii("\", \"lastSeen\": \"");
  private static final byte[] LAST_TRY = ascii("\", \"lastTry\": \"");
  private static final byte[] LAST_COUNTED_ATTEMPT = ascii("\", \"lastCountedAttempt\": \"");
  private static final byte[] LAST_SUCCESS = ascii("\", \"lastSuccess\": \"");
  private static final byte[] ATTEMPTS = ascii("\", \"attempts\": ");
  private static final byte[] TRIED = ascii(", \"tried\": ");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] NEW_BUCKETS = ascii(", \"newBuckets\": [");
  private static final byte[] NEXT_NUMBER = ascii(", ");

  private final AddressText.Reader addressText;
  private final SourceCache sources;
  private final IntFunction<Integer> box;
  private final char[] text = new char[MAX_TEXT];
  private int textLength;

  private byte[] b;
  private int at;
  private int end;

  /**
   * Creates a decoder that shares the document reader's parsing state.
   *
   * @param addressText the reader's address parser
   * @param sources the reader's cache of parsed sources
   * @param box boxes a bucket number, as the reader does
   */
  BookEntryLine(AddressText.Reader addressText, SourceCache sources, IntFunction<Integer> box) {
    this.addressText = addressText;
    this.sources = sources;
    this.box = box;
  }

  /**
   * Decodes the entry in {@code bytes[from, to)}, which runs from its opening to its closing brace.
   *
   * @param bytes the buffer
   * @param from the index of the opening brace
   * @param to the index after the closing brace
   * @return the entry, or null if the line is not in the writer's exact form or a value is one the
   *     Jackson path would drop or change
   */
  AddressBookSnapshot.Entry decode(byte[] bytes, int from, int to) {
    b = bytes;
    at = from;
    end = to;
    if (to - from < 2 || b[to - 1] != '}') {
      return null;
    }
    try {
      return entry();
    } catch (RuntimeException e) {
      // The parser reads the line again and reports what is wrong with it.
      return null;
    }
  }

  private AddressBookSnapshot.Entry entry() {
    if (!literal(ADDRESS) || !string()) {
      return null;
    }
    PeerAddress address = addressText.parse(text, 0, textLength);
    if (!literal(SOURCE) || !string()) {
      return null;
    }
    PeerAddress source = sources.parse(text, 0, textLength, addressText);
    if (!literal(LAST_SEEN) || !string()) {
      return null;
    }
    Instant lastSeen = instant();
    Instant lastTry = literal(LAST_TRY) ? optionalInstant() : null;
    Instant lastCountedAttempt = literal(LAST_COUNTED_ATTEMPT) ? optionalInstant() : null;
    Instant lastSuccess = literal(LAST_SUCCESS) ? optionalInstant() : null;
    if (!literal(ATTEMPTS)) {
      return null;
    }
    int attempts = number();
    if (attempts > StoreFormat.MAX_ATTEMPTS || !literal(TRIED)) {
      return null;
    }
    boolean tried;
    if (literal(TRUE)) {
      tried = true;
    } else if (literal(FALSE)) {
      tried = false;
    } else {
      return null;
    }
    List<Integer> newBuckets = literal(NEW_BUCKETS) ? buckets() : List.of();
    if (at != end - 1) {
      return null;
    }
    return new AddressBookSnapshot.Entry(
        address,
        source,
        lastSeen,
        Optional.ofNullable(lastTry),
        Optional.ofNullable(lastCountedAttempt),
        Optional.ofNullable(lastSuccess),
        attempts,
        tried,
        newBuckets);
  }

  /** Consumes {@code expected} if the bytes at the cursor are exactly it. */
  private boolean literal(byte[] expected) {
    if (end - at < expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (b[at + i] != expected[i]) {
        return false;
      }
    }
    at += expected.length;
    return true;
  }

  /**
   * Copies the string's characters up to its closing quote into {@link #text} and leaves the cursor
   * on that quote; false for anything but printable ASCII without escapes, or a long string.
   */
  private boolean string() {
    int length = 0;
    while (at < end) {
      byte c = b[at];
      if (c == '"') {
        textLength = length;
        return true;
      }
      if (c < 0x20 || c > 0x7e || c == '\\' || length == MAX_TEXT) {
        return false;
      }
      text[length++] = (char) c;
      at++;
    }
    return false;
  }

  /** The time in {@link #text}; a time the Jackson path would clamp is not decoded here. */
  private Instant instant() {
    Instant instant = InstantText.parse(text, 0, textLength);
    if (instant.isBefore(StoreFormat.FIRST_TIME) || instant.isAfter(StoreFormat.LAST_TIME)) {
      throw new DateTimeException("outside the range loaded unchanged");
    }
    return instant;
  }

  /** The string after an optional time's member name, as a time. */
  private Instant optionalInstant() {
    if (!string()) {
      throw new DateTimeException("not a plain string");
    }
    return instant();
  }

  /** A number in the writer's spelling, at most nine digits; fails for anything else. */
  private int number() {
    int start = at;
    int value = 0;
    while (at < end && b[at] >= '0' && b[at] <= '9' && at - start < 9) {
      value = value * 10 + (b[at] - '0');
      at++;
    }
    int digits = at - start;
    if (digits == 0 || (digits > 1 && b[start] == '0')) {
      throw new NumberFormatException("not in the writer's spelling");
    }
    return value;
  }

  /** The bucket numbers after {@code "newBuckets": [}, through the closing bracket. */
  private List<Integer> buckets() {
    // One to three buckets is most entries: immutable lists of those sizes are what the entry
    // keeps anyway, so they are built directly, as the Jackson path does.
    Integer first = box.apply(number());
    if (!literal(NEXT_NUMBER)) {
      closeBuckets();
      return List.of(first);
    }
    Integer second = box.apply(number());
    if (!literal(NEXT_NUMBER)) {
      closeBuckets();
      return List.of(first, second);
    }
    Integer third = box.apply(number());
    if (!literal(NEXT_NUMBER)) {
      closeBuckets();
      return List.of(first, second, third);
    }
    List<Integer> list = new ArrayList<>(List.of(first, second, third));
    do {
      list.add(box.apply(number()));
    } while (literal(NEXT_NUMBER));
    closeBuckets();
    return list;
  }

  private void closeBuckets() {
    if (at >= end || b[at] != ']') {
      throw new NumberFormatException("the bucket list does not end as written");
    }
    at++;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
