package dev.peerage.core.address;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the table files under {@code src/test/resources/address-cases/}.
 *
 * <p>Format: one case per line, fields separated by {@code |} and trimmed; lines starting with
 * {@code #} and blank lines are ignored. Inside a field, {@code \s} is a space, {@code \t},
 * {@code \n}, {@code \r} and {@code \0} are those characters, {@code \}{@code uXXXX} is any
 * character, {@code \|} is a bar and {@code \\} a backslash. A field of exactly {@code ""} is the
 * empty string.
 */
final class AddressCaseFile {

  /** One line of a case file. */
  record Row(String file, int line, List<String> fields) {

    String get(int index) {
      return index < fields.size() ? fields.get(index) : "";
    }

    /** A readable test name: file, line and the raw fields. */
    String name() {
      return file + ":" + line + " " + String.join(" | ", fields.stream()
          .map(AddressCaseFile::printable).toList());
    }
  }

  private AddressCaseFile() {}

  static List<Row> read(String name) {
    String resource = "/address-cases/" + name;
    try (InputStream in = AddressCaseFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + resource);
      }
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<Row> rows = new ArrayList<>();
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        rows.add(new Row(name, number, split(trimmed)));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder raw = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        raw.append(c).append(line.charAt(++i));
      } else if (c == '|') {
        fields.add(unescape(raw.toString().strip()));
        raw.setLength(0);
      } else {
        raw.append(c);
      }
    }
    fields.add(unescape(raw.toString().strip()));
    return fields;
  }

  private static String unescape(String field) {
    if (field.equals("\"\"")) {
      return "";
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c != '\\' || i + 1 == field.length()) {
        out.append(c);
        continue;
      }
      char next = field.charAt(++i);
      switch (next) {
        case 's' -> out.append(' ');
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case '0' -> out.append('\0');
        case 'u' -> {
          out.append((char) Integer.parseInt(field.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(next);
      }
    }
    return out.toString();
  }

  private static String printable(String field) {
    StringBuilder out = new StringBuilder();
    for (char c : field.toCharArray()) {
      if (c < ' ' || c > '~') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return field.isEmpty() ? "\"\"" : out.toString();
  }
}
