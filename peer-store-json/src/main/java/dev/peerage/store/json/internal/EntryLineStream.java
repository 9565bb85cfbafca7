package dev.peerage.store.json.internal;

import dev.peerage.core.book.AddressBookSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The stream the JSON parser reads a store file through, which lets {@link BookEntryLine} read the
 * address book's entries straight from the bytes, one line per entry, where the file is laid out
 * the way the store's own writer lays it out.
 *
 * <p>The stream serves the parser from a buffer of its own, in chunks, and ends a chunk right after
 * a line that opens an {@code "entries"} list in the writer's layout (spaces, {@code "entries": [},
 * a line feed). When the content reader then stands on that list's start, it asks {@link
 * #takeEntries}: if the parser holds nothing but white space beyond the list's {@code [} (checked
 * from the parser's byte offset against what this stream served), whole entry lines are decoded
 * from this stream's buffer, one after the other, until the first line the decoder cannot take
 * exactly as the Jackson path would take it. The stream then goes on serving the parser from the
 * start of that line, so the parser reads the rest of the list (or only its closing bracket)
 * itself. Nothing is read twice and nothing is rewound: every byte passes from the underlying
 * stream (which hashes it) to either the decoder or the parser, in file order.
 *
 * <p>For the parser, each decoded line is replaced by a lone line feed: it then counts lines and
 * columns as in the file, so its error messages and locations are the ones a parse of the whole file
 * gives; only its byte offsets are short by {@link #hiddenBytes()}, which the caller adds where it
 * uses an offset. A decoded line is taken only if the line after it starts as the writer continues
 * (the next entry's brace after a comma, the list's closing bracket after none), so the parser
 * resumes exactly where a list element or the list's end is due, and a stray comma or a missing
 * one is still the parser's error.
 *
 * <p>Memory is bounded by the buffer ({@value #BUFFER} bytes); a line longer than that is left to
 * the parser. Not thread-safe: one instance serves one parse.
 */
final class EntryLineStream extends InputStream {
  /** Buffer size; a whole entry line must fit, with the start of the next one. */
  static final int BUFFER = 1 << 16;

  /** Bytes kept before the read position when the buffer is compacted, to look back at a line. */
  private static final int KEPT = 128;

  private static final byte[] OPENER = "\"entries\": [".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] LINE_FEEDS = new byte[1024];

  static {
    Arrays.fill(LINE_FEEDS, (byte) '\n');
  }

  private final InputStream in;
  private final byte[] buffer = new byte[BUFFER];

  /** The next byte to serve or decode. */
  private int position;

  /** The end of the valid bytes in the buffer. */
  private int limit;

  private boolean endOfInput;

  /** Bytes handed to the parser in all. */
  private long served;

  /** While true, chunks end after an opener line; false once an entries list was offered. */
  private boolean watching = true;

  /** The value of {@link #served} at the end of the last opener line served, or -1. */
  private long openerEnd = -1;

  /** The indentation of that opener line, in spaces. */
  private int openerIndent;

  /** Line feeds still to serve in place of decoded lines. */
  private int lineFeedsDue;

  private long hiddenBytes;
  private int linesDecoded;

  /**
   * Wraps {@code in}.
   *
   * @param in the file's bytes, read sequentially and only through this stream
   */
  EntryLineStream(InputStream in) {
    this.in = in;
  }

  /**
   * Bytes of the file the parser never saw: decoded lines less the line feed served for each. Add
   * it to a parser byte offset taken after {@link #takeEntries} to get the file offset.
   *
   * @return the count, 0 before any line was decoded
   */
  long hiddenBytes() {
    return hiddenBytes;
  }

  /**
   * Entry lines decoded in all.
   *
   * @return the count
   */
  int linesDecoded() {
    return linesDecoded;
  }

  @Override
  public int read() throws IOException {
    if (lineFeedsDue > 0) {
      lineFeedsDue--;
      served++;
      return '\n';
    }
    if (position == limit && !fill()) {
      return -1;
    }
    if (watching) {
      // Notes an opener line that this byte ends; one byte is served either way.
      cutAfterOpener(1);
    }
    served++;
    return buffer[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (lineFeedsDue > 0) {
      int n = Math.min(Math.min(len, lineFeedsDue), LINE_FEEDS.length);
      System.arraycopy(LINE_FEEDS, 0, b, off, n);
      lineFeedsDue -= n;
      served += n;
      return n;
    }
    if (position == limit && !fill()) {
      return -1;
    }
    int n = Math.min(len, limit - position);
    if (watching) {
      n = cutAfterOpener(n);
    }
    System.arraycopy(buffer, position, b, off, n);
    position += n;
    served += n;
    return n;
  }

  @Override
  public int available() {
    return lineFeedsDue > 0 ? Math.min(lineFeedsDue, LINE_FEEDS.length) : limit - position;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * The length to serve of the {@code n} bytes at the position: up to and including the line feed
   * of the first opener line among them, if any, else all.
   */
  private int cutAfterOpener(int n) {
    int end = position + n;
    for (int i = position; i < end; i++) {
      if (buffer[i] == '\n' && isOpenerLine(i)) {
        openerEnd = served + (i + 1 - position);
        return i + 1 - position;
      }
    }
    return n;
  }

  /** Whether the line ending at the line feed at {@code lineFeed} is spaces and the opener. */
  private boolean isOpenerLine(int lineFeed) {
    int start = lineFeed - OPENER.length;
    if (start < 0) {
      return false;
    }
    for (int i = 0; i < OPENER.length; i++) {
      if (buffer[start + i] != OPENER[i]) {
        return false;
      }
    }
    int indent = 0;
    int i = start - 1;
    while (i >= 0 && buffer[i] == ' ') {
      indent++;
      i--;
    }
    // Only a line whose start is still in the buffer: the bytes kept on compaction cover it.
    if (i < 0 || buffer[i] != '\n') {
      return false;
    }
    openerIndent = indent;
    return true;
  }

  /**
   * Decodes the entry lines that follow the list start the parser stands on, if the parser read the
   * file through this stream up to exactly an opener line, and passes each entry to {@code sink}.
   * Offered once per stream: later calls take nothing.
   *
   * @param parserOffset the parser's byte offset, just after the list's {@code [}
   * @param decoder reads one entry from a line
   * @param sink receives the decoded entries, in file order
   * @return the number of entries decoded, which the parser's list then starts after
   * @throws IOException if the underlying stream fails
   */
  int takeEntries(
      long parserOffset, BookEntryLine decoder, Consumer<AddressBookSnapshot.Entry> sink)
      throws IOException {
    if (!watching) {
      return 0;
    }
    watching = false;
    // A parser that decoded the bytes as another encoding has no byte offset (-1).
    if (openerEnd != served
        || parserOffset < 0
        || parserOffset > served
        || served - parserOffset > position) {
      return 0;
    }
    for (int i = position - (int) (served - parserOffset); i < position; i++) {
      byte c = buffer[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return 0;
      }
    }
    int indent = openerIndent + 2;
    int taken = 0;
    while (true) {
      int lineFeed = lineFeedWithLookahead(indent + 1);
      if (lineFeed < 0) {
        break;
      }
      int start = position;
      if (!continuesAsWritten(start, lineFeed, indent)) {
        break;
      }
      boolean comma = buffer[lineFeed - 1] == ',';
      int objectEnd = comma ? lineFeed - 1 : lineFeed;
      AddressBookSnapshot.Entry entry = decoder.decode(buffer, start + indent, objectEnd);
      if (entry == null) {
        break;
      }
      sink.accept(entry);
      taken++;
      hiddenBytes += lineFeed - start;
      position = lineFeed + 1;
    }
    linesDecoded += taken;
    lineFeedsDue = taken;
    return taken;
  }

  /**
   * Whether the line {@code [start, lineFeed)} is indented by {@code indent} spaces and the line
   * after it starts as the writer continues the list: with the next entry after a comma, with the
   * list's closing bracket after none.
   */
  private boolean continuesAsWritten(int start, int lineFeed, int indent) {
    if (lineFeed - start < indent + 2) {
      return false;
    }
    for (int i = start; i < start + indent; i++) {
      if (buffer[i] != ' ') {
        return false;
      }
    }
    boolean comma = buffer[lineFeed - 1] == ',';
    int nextIndent = comma ? indent : indent - 2;
    int next = lineFeed + 1;
    for (int i = next; i < next + nextIndent; i++) {
      if (buffer[i] != ' ') {
        return false;
      }
    }
    return buffer[next + nextIndent] == (comma ? '{' : ']');
  }

  /**
   * The index of the line feed that ends the line at the position, with at least {@code lookahead}
   * bytes after it in the buffer, compacting and refilling the buffer as needed; -1 if the input
   * ends first or the line does not fit.
   */
  private int lineFeedWithLookahead(int lookahead) throws IOException {
    int from = position;
    while (true) {
      int lineFeed = -1;
      for (int i = from; i < limit; i++) {
        if (buffer[i] == '\n') {
          lineFeed = i;
          break;
        }
      }
      if (lineFeed >= 0 && limit - lineFeed - 1 >= lookahead) {
        return lineFeed;
      }
      // Where the scan stopped, relative to the position, which compacting moves.
      int scanned = (lineFeed >= 0 ? lineFeed : limit) - position;
      if (!fill()) {
        return -1;
      }
      from = position + scanned;
    }
  }

  /**
   * Reads more bytes into the buffer after compacting it so that at most {@value #KEPT} bytes stay
   * before the position, for looking back at a line's start.
   *
   * @return false if nothing more could be read: end of input, or the buffer is full
   */
  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    int kept = Math.min(KEPT, position);
    int shift = position - kept;
    if (shift > 0) {
      System.arraycopy(buffer, shift, buffer, 0, limit - shift);
      position -= shift;
      limit -= shift;
    }
    if (limit == buffer.length) {
      return false;
    }
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n < 0) {
      endOfInput = true;
      return false;
    }
    limit += n;
    return n > 0 || fill();
  }
}
