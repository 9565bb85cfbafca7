package dev.peerage.store.json.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.peerage.store.json.StoreWarning;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a store document: checks the envelope, verifies the checksum, migrates an older version,
 * and reads the content with {@link ContentReader}.
 *
 * <p>A current-version file is read in one sequential streaming parse that builds the snapshot and
 * hashes the bytes as they are read ({@link ChecksumInputStream}, which holds back a small window of
 * the last bytes read); nothing but the snapshot and two bounded buffers is kept in memory. The
 * address book's entries, in the layout the store's writer gives them, are decoded straight from
 * the bytes line by line ({@link EntryLineStream}, {@link BookEntryLine}), with the Jackson parser
 * reading everything else, including any entry line not in the writer's exact form; the result is
 * the same as the parser's alone. Only a file with more than that window after its checksum member
 * is hashed in a second pass straight from the file. Entries parsed from a file whose checksum then
 * fails are thrown away, warnings included. Thread-safe (the configuration is immutable); each call
 * reads one file.
 */
public final class SnapshotReader {
  private static final Set<String> ENVELOPE =
      Set.of(
          StoreFormat.FORMAT_FIELD,
          StoreFormat.VERSION_FIELD,
          StoreFormat.WRITTEN_FIELD,
          StoreFormat.CONTENT_FIELD,
          StoreFormat.CHECKSUM_FIELD);
  private static final int HASH_BUFFER = 1 << 16;

  private final JsonFactory factory =
      JsonFactory.builder()
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          // Exact, like Double.parseDouble, and several times faster on 17-digit scores.
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build();
  private final Map<Integer, ContentMigration> migrations;
  private final boolean entryLines;

  /**
   * What a file held.
   *
   * @param content the snapshot and its identity reference
   * @param version the format version the file was written in
   * @param warnings what was dropped or converted
   * @param entryLinesDecoded how many address book entries were decoded from their lines rather
   *     than parsed by Jackson
   */
  public record Loaded(
      ContentReader.Result content,
      int version,
      List<StoreWarning> warnings,
      int entryLinesDecoded) {}

  /**
   * Creates a reader.
   *
   * @param migrations migrations by the version they convert from; copied
   */
  public SnapshotReader(Map<Integer, ContentMigration> migrations) {
    this(migrations, true);
  }

  /**
   * Creates a reader that may be told not to decode entry lines itself, so that tests can compare
   * that path with Jackson's alone.
   *
   * @param migrations migrations by the version they convert from; copied
   * @param entryLines whether to decode address book entry lines in the writer's layout directly;
   *     false leaves every token to the Jackson parser
   */
  public SnapshotReader(Map<Integer, ContentMigration> migrations, boolean entryLines) {
    this.migrations = Map.copyOf(migrations);
    this.entryLines = entryLines;
  }

  /** The envelope as parsed, before the checksum is verified. */
  private static final class Envelope {
    String format;
    Integer version;
    String checksum;
    long checksumOffset = -1;
    long contentStart = -1;
    long contentEnd = -1;
    ContentReader.Result content;
    String lastMember;
  }

  /**
   * Reads {@code file}.
   *
   * @param file a regular file
   * @param maxSize the largest file accepted, in bytes
   * @return what it held
   * @throws RefusedFileException if the file is over {@code maxSize} or from a newer version
   * @throws CorruptDocumentException if the file is damaged or not a store document
   * @throws IOException if the file cannot be read (permissions, device errors)
   */
  public Loaded read(Path file, long maxSize)
      throws IOException, CorruptDocumentException, RefusedFileException {
    long size = Files.size(file);
    if (size > maxSize) {
      throw new RefusedFileException(
          file
              + " is "
              + size
              + " bytes, over the limit of "
              + maxSize
              + " bytes; raise JsonPeerStore.Builder.maxFileSize to load it. It was left"
              + " untouched");
    }
    LoadWarnings warnings = new LoadWarnings(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      Envelope envelope;
      ChecksumInputStream in =
          new ChecksumInputStream(
              new LimitedInputStream(Channels.newInputStream(channel), maxSize, true),
              StoreFormat.newDigest());
      EntryLineStream lines = entryLines ? new EntryLineStream(in) : null;
      try (JsonParser parser = factory.createParser(lines != null ? lines : in)) {
        envelope = readEnvelope(parser, warnings, lines);
      } catch (JsonProcessingException e) {
        throw new CorruptDocumentException(
            "not valid JSON: " + withoutLongTokens(e.getOriginalMessage()) + " " + location(e), e);
      }
      verifyChecksum(channel, envelope, in);
      int version = envelope.version;
      if (version > StoreFormat.CURRENT_VERSION) {
        throw new RefusedFileException(
            file
                + " was written in format version "
                + version
                + " by a newer Peerage; this one reads versions up to "
                + StoreFormat.CURRENT_VERSION
                + ". It was left untouched: run the newer Peerage, or move the file away to start"
                + " from the backup or an empty store");
      }
      ContentReader.Result content = envelope.content;
      if (version < StoreFormat.CURRENT_VERSION) {
        content = migrate(file, channel, envelope, warnings);
        warnings.add(
            new StoreWarning(
                StoreWarning.Kind.MIGRATED,
                file,
                file.getFileName()
                    + ": converted from format version "
                    + version
                    + " to "
                    + StoreFormat.CURRENT_VERSION
                    + "; the next save writes version "
                    + StoreFormat.CURRENT_VERSION));
      }
      return new Loaded(
          content, version, warnings.toList(), lines == null ? 0 : lines.linesDecoded());
    }
  }

  /**
   * Reads the envelope; {@code lines}, if not null, is the stream the parser reads, whose hidden
   * bytes are added to the parser's offsets to give file offsets.
   */
  private Envelope readEnvelope(JsonParser p, LoadWarnings warnings, EntryLineStream lines)
      throws IOException, CorruptDocumentException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new CorruptDocumentException("not a JSON object");
    }
    Envelope e = new Envelope();
    Set<String> seen = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      long nameOffset = fileOffset(p.currentTokenLocation().getByteOffset(), lines);
      if (ENVELOPE.contains(name) && !seen.add(name)) {
        throw new CorruptDocumentException("the document has two '" + name + "' members");
      }
      JsonToken value = p.nextToken();
      e.lastMember = name;
      switch (name) {
        case StoreFormat.FORMAT_FIELD -> {
          e.format = envelopeString(p, name);
          if (!e.format.equals(StoreFormat.FORMAT_NAME)) {
            throw new CorruptDocumentException(
                "not a Peerage peer store: 'format' is "
                    + ContentReader.shown(e.format)
                    + ", expected \""
                    + StoreFormat.FORMAT_NAME
                    + "\"");
          }
        }
        case StoreFormat.VERSION_FIELD -> {
          if (value != JsonToken.VALUE_NUMBER_INT
              || p.getNumberType() != JsonParser.NumberType.INT
              || p.getIntValue() < 0) {
            throw new CorruptDocumentException(
                "'version' must be a whole number, was " + ContentReader.shown(p.getText()));
          }
          e.version = p.getIntValue();
        }
        case StoreFormat.WRITTEN_FIELD -> {
          String written = envelopeString(p, name);
          try {
            InstantText.parse(written);
          } catch (DateTimeException ex) {
            throw new CorruptDocumentException(
                "'written' is not a time: " + ContentReader.shown(written));
          }
        }
        case StoreFormat.CONTENT_FIELD -> {
          if (e.format == null || e.version == null) {
            throw new CorruptDocumentException("'format' and 'version' must come before 'content'");
          }
          e.contentStart = fileOffset(p.currentTokenLocation().getByteOffset(), lines);
          if (e.version == StoreFormat.CURRENT_VERSION) {
            e.content = ContentReader.read(p, warnings, lines);
          } else {
            p.skipChildren();
          }
          e.contentEnd = fileOffset(p.currentTokenLocation().getByteOffset(), lines) + 1;
        }
        case StoreFormat.CHECKSUM_FIELD -> {
          e.checksum = envelopeString(p, name);
          e.checksumOffset = nameOffset;
        }
        default -> p.skipChildren();
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new CorruptDocumentException("the document is not a complete JSON object");
    }
    if (p.nextToken() != null) {
      throw new CorruptDocumentException("there is more data after the end of the document");
    }
    for (String required :
        List.of(
            StoreFormat.FORMAT_FIELD,
            StoreFormat.VERSION_FIELD,
            StoreFormat.CONTENT_FIELD,
            StoreFormat.CHECKSUM_FIELD)) {
      if (!seen.contains(required)) {
        throw new CorruptDocumentException("the document has no '" + required + "' member");
      }
    }
    if (!StoreFormat.CHECKSUM_FIELD.equals(e.lastMember)) {
      throw new CorruptDocumentException("'checksum' must be the last member of the document");
    }
    return e;
  }

  /** The file offset of a parser byte offset taken now; -1 stays -1 (offset unknown). */
  private static long fileOffset(long parserOffset, EntryLineStream lines) {
    return lines == null || parserOffset < 0 ? parserOffset : parserOffset + lines.hiddenBytes();
  }

  private static String envelopeString(JsonParser p, String name)
      throws IOException, CorruptDocumentException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new CorruptDocumentException("'" + name + "' must be a string");
    }
    return p.getText();
  }

  private static void verifyChecksum(FileChannel channel, Envelope e, ChecksumInputStream parsed)
      throws IOException, CorruptDocumentException {
    String text = e.checksum;
    if (!text.startsWith(StoreFormat.CHECKSUM_PREFIX)) {
      throw new CorruptDocumentException(
          "'checksum' must start with \""
              + StoreFormat.CHECKSUM_PREFIX
              + "\", was "
              + ContentReader.shown(text));
    }
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(text, StoreFormat.CHECKSUM_PREFIX.length(), text.length());
    } catch (IllegalArgumentException ex) {
      throw new CorruptDocumentException(
          "'checksum' is not hexadecimal: " + ContentReader.shown(text));
    }
    byte[] actual = parsed.digestOfFirst(e.checksumOffset);
    if (actual == null) {
      actual = hashFromFile(channel, e.checksumOffset);
    }
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new CorruptDocumentException(
          "checksum mismatch: the file says "
              + ContentReader.shown(text)
              + " but its content hashes to "
              + StoreFormat.CHECKSUM_PREFIX
              + HexFormat.of().formatHex(actual));
    }
  }

  /** SHA-256 of the file's first {@code length} bytes, read straight from the file. */
  private static byte[] hashFromFile(FileChannel channel, long length)
      throws IOException, CorruptDocumentException {
    MessageDigest digest = StoreFormat.newDigest();
    ByteBuffer buffer = ByteBuffer.allocate(HASH_BUFFER);
    long position = 0;
    while (position < length) {
      buffer.clear().limit((int) Math.min(HASH_BUFFER, length - position));
      int n = channel.read(buffer, position);
      if (n < 0) {
        throw new CorruptDocumentException("the file is shorter than its checksum offset");
      }
      buffer.flip();
      digest.update(buffer);
      position += n;
    }
    return digest.digest();
  }

  private ContentReader.Result migrate(
      Path file, FileChannel channel, Envelope e, LoadWarnings warnings)
      throws IOException, CorruptDocumentException {
    Path source = null;
    try {
      for (int version = e.version; version < StoreFormat.CURRENT_VERSION; version++) {
        ContentMigration migration = migrations.get(version);
        if (migration == null) {
          throw new CorruptDocumentException(
              "format version "
                  + version
                  + " is not one this Peerage can convert (no migration to version "
                  + (version + 1)
                  + ")");
        }
        Path target = file.resolveSibling(file.getFileName() + ".migrating-" + (version + 1));
        // Created afresh, owner-only: the converted content holds the address book's key.
        Files.deleteIfExists(target);
        try (InputStream in =
                source == null
                    ? slice(channel, e.contentStart, e.contentEnd)
                    : Files.newInputStream(source);
            JsonParser from = factory.createParser(in);
            OutputStream out =
                new BufferedOutputStream(
                    Channels.newOutputStream(
                        Files.newByteChannel(
                            target,
                            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                            StorePermissions.forFile(target))));
            JsonGenerator to = factory.createGenerator(out)) {
          from.nextToken();
          migration.migrate(from, to);
        } catch (JsonProcessingException | RuntimeException ex) {
          Files.deleteIfExists(target);
          throw new CorruptDocumentException(
              "converting format version "
                  + version
                  + " to "
                  + (version + 1)
                  + " failed: "
                  + withoutLongTokens(ex.getMessage()),
              ex);
        } catch (IOException ex) {
          Files.deleteIfExists(target);
          throw ex;
        }
        deleteIfPresent(source);
        source = target;
      }
      try (InputStream in = Files.newInputStream(source);
          JsonParser parser = factory.createParser(in)) {
        parser.nextToken();
        return ContentReader.read(parser, warnings);
      } catch (JsonProcessingException ex) {
        throw new CorruptDocumentException(
            "the converted content is not valid JSON: "
                + withoutLongTokens(ex.getOriginalMessage()),
            ex);
      }
    } finally {
      deleteIfPresent(source);
    }
  }

  private static InputStream slice(FileChannel channel, long start, long end) throws IOException {
    channel.position(start);
    return new LimitedInputStream(Channels.newInputStream(channel), end - start, false) {
      @Override
      public void close() {
        // The channel belongs to the caller.
      }
    };
  }

  private static void deleteIfPresent(Path file) throws IOException {
    if (file != null) {
      Files.deleteIfExists(file);
    }
  }

  /**
   * The parser quotes the token it choked on; in this file a long token may be the address book's
   * secret key, which must not reach a log. Short tokens stay: they say what went wrong.
   */
  static String withoutLongTokens(String parserMessage) {
    return parserMessage == null ? "" : parserMessage.replaceAll("'[^']{13,}'", "'...'");
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : "(line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
