package dev.peerage.store.json.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Converts the {@code content} of one format version into the next version's, streaming, so that a
 * store written by an older Peerage loads in a newer one. The envelope (format, version, written,
 * checksum) is the same in every version and is not part of a migration; the store verifies the old
 * file's checksum before it migrates.
 *
 * <p>Migrations are chained: a version 1 file read by a version 3 reader goes through the 1 to 2
 * and the 2 to 3 migrations, each writing a temporary file in the store directory.
 */
@FunctionalInterface
public interface ContentMigration {
  /**
   * Reads one content value of the old version and writes the equivalent value of the next.
   *
   * @param from positioned on the first token of the old content value
   * @param to where the new content value goes; the caller closes it
   * @throws IOException if the old content is malformed or writing fails; the file is then treated
   *     as damaged
   */
  void migrate(JsonParser from, JsonGenerator to) throws IOException;
}
