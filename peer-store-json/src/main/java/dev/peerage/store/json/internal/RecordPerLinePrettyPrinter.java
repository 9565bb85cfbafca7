package dev.peerage.store.json.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Lays out the store's JSON for people and for {@code diff}: the structure (sections, lists) one
 * member per line and indented, and every list element, however nested, on a single line. A pretty
 * printer that broke every record over ten lines would make an 80k-address file ten times longer
 * and slower to write, for no gain in readability.
 *
 * <p>One instance serves one generator (it tracks nesting); not thread-safe.
 */
final class RecordPerLinePrettyPrinter implements PrettyPrinter {
  /**
   * Deeper nesting is written inline whatever its position; the store's content never gets near.
   */
  private static final int MAX_TRACKED_DEPTH = 63;

  private final int baseLevel;
  private final char[] indent = new char[256];

  /** Bit i set: the container at depth i is an array. */
  private long arrays;

  /** Bit i set: the container at depth i is written on one line. */
  private long inline;

  private int depth;

  /**
   * Creates a printer whose root value starts {@code baseLevel} levels deep, so it lines up when
   * embedded in an enclosing document written by other means.
   */
  RecordPerLinePrettyPrinter(int baseLevel) {
    this.baseLevel = baseLevel;
    indent[0] = '\n';
    for (int i = 1; i < indent.length; i++) {
      indent[i] = ' ';
    }
  }

  private void open(boolean array) {
    boolean parentArray = depth > 0 && (arrays & bit(depth - 1)) != 0;
    boolean parentInline = depth > 0 && (inline & bit(depth - 1)) != 0;
    if (depth < MAX_TRACKED_DEPTH) {
      long b = bit(depth);
      arrays = array ? arrays | b : arrays & ~b;
      inline = (parentArray || parentInline) ? inline | b : inline & ~b;
    }
    depth++;
  }

  private boolean currentInline() {
    return depth > MAX_TRACKED_DEPTH || (inline & bit(depth - 1)) != 0;
  }

  private static long bit(int i) {
    return 1L << i;
  }

  private void newLine(JsonGenerator g, int level) throws IOException {
    int spaces = Math.min(2 * (baseLevel + level), indent.length - 1);
    g.writeRaw(indent, 0, spaces + 1);
  }

  @Override
  public void writeRootValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw('\n');
  }

  @Override
  public void writeStartObject(JsonGenerator g) throws IOException {
    open(false);
    g.writeRaw('{');
  }

  @Override
  public void beforeObjectEntries(JsonGenerator g) throws IOException {
    if (!currentInline()) {
      newLine(g, depth);
    }
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(": ");
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    if (currentInline()) {
      g.writeRaw(", ");
    } else {
      g.writeRaw(',');
      newLine(g, depth);
    }
  }

  @Override
  public void writeEndObject(JsonGenerator g, int entries) throws IOException {
    boolean wasInline = currentInline();
    depth--;
    if (!wasInline && entries > 0) {
      newLine(g, depth);
    }
    g.writeRaw('}');
  }

  @Override
  public void writeStartArray(JsonGenerator g) throws IOException {
    open(true);
    g.writeRaw('[');
  }

  @Override
  public void beforeArrayValues(JsonGenerator g) throws IOException {
    if (!currentInline()) {
      newLine(g, depth);
    }
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    if (currentInline()) {
      g.writeRaw(", ");
    } else {
      g.writeRaw(',');
      newLine(g, depth);
    }
  }

  @Override
  public void writeEndArray(JsonGenerator g, int values) throws IOException {
    boolean wasInline = currentInline();
    depth--;
    if (!wasInline && values > 0) {
      newLine(g, depth);
    }
    g.writeRaw(']');
  }
}
