package dev.peerage.examples.cli;

import dev.peerage.core.address.PeerAddress;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a plain address list (what {@code peers import}, {@code peers reset-defaults --defaults}
 * and {@code node --defaults} take): UTF-8 text, one address per line, lines ending in LF, CRLF or
 * CR. The file is streamed, never read whole, and refused as soon as it passes a limit, so a huge
 * file or a device such as {@code /dev/zero} costs at most the limits in memory:
 *
 * <ul>
 *   <li>at most {@value #MAX_BYTES} bytes (16 MiB) in all;
 *   <li>at most {@value #MAX_LINES} lines;
 *   <li>at most {@value #MAX_LINE_CHARS} characters on one line (an address with a comment needs
 *       a few hundred).
 * </ul>
 *
 * <p>One byte order mark (U+FEFF) at the very start, as some Windows editors write, is skipped.
 * Stateless and thread-safe.
 */
final class AddressListFile {
  /** The largest file read, in bytes: 16 MiB. */
  static final long MAX_BYTES = 16L << 20;

  /** The most lines read. */
  static final int MAX_LINES = 100_000;

  /** The longest line read, in characters (UTF-16 code units). */
  static final int MAX_LINE_CHARS = 4_096;

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private AddressListFile() {}

  /**
   * Reads the lines of an address list, as they are (comments and blank lines included).
   *
   * @param file the file
   * @return the lines, without their line terminators
   * @throws InputLimitException if the file passes one of the limits; the message names it
   * @throws IllegalArgumentException if the file cannot be read or is not UTF-8 text
   */
  static List<String> readLines(Path file) {
    try (Reader reader = new InputStreamReader(
        new ByteLimit(Files.newInputStream(file), file),
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT))) {
      return split(reader, file);
    } catch (InputLimitException e) {
      throw e;
    } catch (ByteLimit.Exceeded e) {
      throw new InputLimitException("the address list " + file + " is larger than the limit of "
          + MAX_BYTES + " bytes (16 MiB); split it into smaller files");
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the address list " + file
          + " is not UTF-8 text (" + e + ")");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the address list " + file + ": " + e);
    }
  }

  /**
   * Reads the addresses of a list: blank lines and lines starting with {@code #} are skipped, and
   * a {@code #} after white space starts a comment.
   *
   * @param file the file
   * @return the addresses, in file order
   * @throws InputLimitException if the file passes one of the limits
   * @throws IllegalArgumentException if the file cannot be read or a line is not an address
   */
  static List<PeerAddress> readAddresses(Path file) {
    return readLines(file).stream().map(AddressListFile::withoutComment)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(PeerAddress::parse)
        .toList();
  }

  /**
   * A line without surrounding white space and without a trailing comment: a {@code #} after
   * white space, as {@code peers export} writes after an address to show its label. A line that
   * starts with {@code #} is returned as it is (a comment line).
   *
   * @param line one line of a list
   * @return the stripped line, up to the comment
   */
  static String withoutComment(String line) {
    return line.strip().split("\\s+#", 2)[0];
  }

  private static List<String> split(Reader reader, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    char[] buffer = new char[8192];
    boolean first = true;
    boolean afterCr = false;
    boolean open = false; // characters seen since the last terminator
    for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
      for (int i = 0; i < n; i++) {
        char c = buffer[i];
        if (first) {
          first = false;
          if (c == BYTE_ORDER_MARK) {
            continue;
          }
        }
        if (c == '\n' && afterCr) {
          afterCr = false; // the second half of CRLF
          continue;
        }
        afterCr = c == '\r';
        if (c == '\n' || c == '\r') {
          add(lines, line, file);
          open = false;
          continue;
        }
        if (line.length() == MAX_LINE_CHARS) {
          throw new InputLimitException("line " + (lines.size() + 1) + " of the address list "
              + file + " is longer than the limit of " + MAX_LINE_CHARS + " characters; "
              + "expected one address per line");
        }
        line.append(c);
        open = true;
      }
    }
    if (open) {
      add(lines, line, file);
    }
    return lines;
  }

  private static void add(List<String> lines, StringBuilder line, Path file) {
    if (lines.size() == MAX_LINES) {
      throw new InputLimitException("the address list " + file + " has more than the limit of "
          + MAX_LINES + " lines; split it into smaller files");
    }
    lines.add(line.toString());
    line.setLength(0);
  }

  /** Counts the bytes read and fails once there are more than {@link #MAX_BYTES}. */
  private static final class ByteLimit extends FilterInputStream {
    /** Thrown through the decoder, which passes I/O errors on unchanged. */
    static final class Exceeded extends IOException {
      private static final long serialVersionUID = 1L;

      Exceeded(Path file) {
        super(file + " passed " + MAX_BYTES + " bytes");
      }
    }

    private final Path file;
    private long count;

    ByteLimit(InputStream in, Path file) {
      super(in);
      this.file = file;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      // Never read more than one byte past the limit, however large the caller's buffer.
      long room = MAX_BYTES + 1 - count;
      int n = super.read(b, off, (int) Math.min(len, Math.max(room, 1)));
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    private void counted(int n) throws Exceeded {
      count += n;
      if (count > MAX_BYTES) {
        throw new Exceeded(file);
      }
    }
  }
}
