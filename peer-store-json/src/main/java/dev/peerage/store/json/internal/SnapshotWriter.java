package dev.peerage.store.json.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.BanListSnapshot;
import dev.peerage.core.ban.BanRecord;
import dev.peerage.core.ban.BanTarget;
import dev.peerage.core.book.AddressBookSnapshot;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.peer.PeerStatistics;
import dev.peerage.core.score.ScoreState;
import dev.peerage.core.spi.CachedPeer;
import dev.peerage.core.spi.PeerSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a {@link PeerSnapshot} as a store document (see {@code docs/persistence-format.md}),
 * streaming: the generator holds one small buffer, never the document, so an 80k-address snapshot
 * costs no more memory to write than a 10-address one.
 *
 * <p>The envelope is written as fixed ASCII text around the generator's output so that the bytes
 * the checksum covers are exactly the bytes before the {@code "checksum"} member, which a reader
 * can find by its offset. Stateless apart from the shared factory; thread-safe.
 */
public final class SnapshotWriter {
  private static final HexFormat HEX = HexFormat.of();

  private final JsonFactory factory =
      JsonFactory.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
          // The shortest text that reads back to the same double (Schubfach), and faster.
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();

  /**
   * Writes the document to {@code target}, which the caller buffers, flushes and closes.
   *
   * @param snapshot the snapshot
   * @param written the time to record as the document's write time
   * @param target where the bytes go
   * @throws IOException if {@code target} fails
   */
  public void write(PeerSnapshot snapshot, Instant written, OutputStream target)
      throws IOException {
    MessageDigest digest = StoreFormat.newDigest();
    DigestOutputStream out = new DigestOutputStream(target, digest);
    ascii(
        out,
        "{\n  \""
            + StoreFormat.FORMAT_FIELD
            + "\": \""
            + StoreFormat.FORMAT_NAME
            + "\",\n  \""
            + StoreFormat.VERSION_FIELD
            + "\": "
            + StoreFormat.CURRENT_VERSION
            + ",\n  \""
            + StoreFormat.WRITTEN_FIELD
            + "\": \""
            + InstantText.format(written)
            + "\",\n  \""
            + StoreFormat.CONTENT_FIELD
            + "\": ");
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.setPrettyPrinter(new RecordPerLinePrettyPrinter(1));
      new ContentWriter(g).writeContent(snapshot);
    }
    ascii(out, ",\n  ");
    out.on(false);
    ascii(
        out,
        "\""
            + StoreFormat.CHECKSUM_FIELD
            + "\": \""
            + StoreFormat.CHECKSUM_PREFIX
            + HEX.formatHex(digest.digest())
            + "\"\n}\n");
  }

  private static void ascii(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** Writes one document's content; holds the generator and a reusable buffer. */
  private static final class ContentWriter {
    private final JsonGenerator g;
    private final char[] instantBuffer = new char[InstantText.BUFFER_LENGTH];

    ContentWriter(JsonGenerator g) {
      this.g = g;
    }

    private void writeContent(PeerSnapshot s) throws IOException {
      g.writeStartObject();
      if (s.savedAt().isPresent()) {
        instantField("savedAt", s.savedAt().get());
      }
      if (s.identity().isPresent()) {
        g.writeObjectFieldStart("identity");
        g.writeStringField("nodeId", s.identity().get().nodeId().toString());
        g.writeEndObject();
      }
      g.writeArrayFieldStart("peers");
      for (PeerEntry peer : s.peers()) {
        writePeer(peer);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("anchors");
      for (PeerAddress anchor : s.anchors()) {
        g.writeString(anchor.toString());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("cachedPeers");
      for (CachedPeer cached : s.cachedPeers()) {
        writeCachedPeer(cached);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("scores");
      // Sorted so that the same snapshot always gives the same bytes (Map.copyOf's order is
      // random).
      List<Map.Entry<PeerAddress, ScoreState>> scores = new ArrayList<>(s.scores().entrySet());
      scores.sort(Map.Entry.comparingByKey());
      for (Map.Entry<PeerAddress, ScoreState> score : scores) {
        writeScore(score.getKey(), score.getValue());
      }
      g.writeEndArray();
      if (s.bans().isPresent()) {
        writeBans(s.bans().get());
      }
      if (s.addressBook().isPresent()) {
        writeAddressBook(s.addressBook().get());
      }
      g.writeEndObject();
    }

    private void writePeer(PeerEntry p) throws IOException {
      g.writeStartObject();
      g.writeStringField("id", p.id());
      g.writeArrayFieldStart("addresses");
      for (PeerAddress address : p.addresses()) {
        g.writeString(address.toString());
      }
      g.writeEndArray();
      if (p.nodeId().isPresent()) {
        g.writeStringField("nodeId", p.nodeId().get().toString());
      }
      if (p.label().isPresent()) {
        g.writeStringField("label", p.label().get());
      }
      if (p.notes().isPresent()) {
        g.writeStringField("notes", p.notes().get());
      }
      g.writeStringField("source", p.source().name());
      g.writeStringField("network", p.network().name());
      g.writeBooleanField("enabled", p.enabled());
      g.writeBooleanField("protected", p.isProtected());
      g.writeArrayFieldStart("flags");
      for (PeerFlag flag : p.flags()) {
        g.writeString(flag.name());
      }
      g.writeEndArray();
      instantField("addedAt", p.addedAt());
      optionalInstant("lastSeen", p.lastSeen());
      optionalInstant("lastSuccess", p.lastSuccess());
      g.writeFieldName("statistics");
      writeStatistics(p.statistics());
      g.writeEndObject();
    }

    private void writeStatistics(PeerStatistics st) throws IOException {
      g.writeStartObject();
      g.writeNumberField("connections", st.connections());
      g.writeNumberField("failures", st.failures());
      g.writeNumberField("bytesIn", st.bytesIn());
      g.writeNumberField("bytesOut", st.bytesOut());
      if (st.latency().isPresent()) {
        g.writeStringField("latency", st.latency().get().toString());
      }
      g.writeNumberField("reliability", st.reliability());
      g.writeEndObject();
    }

    private void writeCachedPeer(CachedPeer c) throws IOException {
      g.writeStartObject();
      g.writeStringField("address", c.address().toString());
      if (c.nodeId().isPresent()) {
        g.writeStringField("nodeId", c.nodeId().get().toString());
      }
      instantField("lastConnected", c.lastConnected());
      g.writeFieldName("statistics");
      writeStatistics(c.statistics());
      g.writeEndObject();
    }

    private void writeScore(PeerAddress address, ScoreState s) throws IOException {
      g.writeStartObject();
      g.writeStringField("address", address.toString());
      g.writeNumberField("successes", s.successes());
      g.writeNumberField("failures", s.failures());
      if (s.latencyEwma().isPresent()) {
        g.writeStringField("latencyEwma", s.latencyEwma().get().toString());
      }
      g.writeNumberField("latencySampleWeight", s.latencySampleWeight());
      if (s.throughputEwma().isPresent()) {
        g.writeNumberField("throughputEwma", s.throughputEwma().getAsDouble());
      }
      g.writeNumberField("throughputSampleWeight", s.throughputSampleWeight());
      g.writeNumberField("misbehaviourPoints", s.misbehaviourPoints());
      instantField("updatedAt", s.updatedAt());
      g.writeBooleanField("connected", s.connected());
      optionalInstant("disconnectedAt", s.disconnectedAt());
      g.writeEndObject();
    }

    private void writeBans(BanListSnapshot bans) throws IOException {
      g.writeObjectFieldStart("bans");
      g.writeArrayFieldStart("bans");
      for (BanEntry ban : bans.bans()) {
        writeBan(ban);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("history");
      for (BanRecord record : bans.history()) {
        g.writeStartObject();
        g.writeStringField("action", record.action().name());
        instantField("at", record.at());
        g.writeFieldName("ban");
        writeBan(record.entry());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }

    private void writeBan(BanEntry ban) throws IOException {
      g.writeStartObject();
      if (ban.target() instanceof BanTarget.SubnetTarget subnet) {
        g.writeStringField("subnet", subnet.subnet().toString());
      } else {
        g.writeStringField("nodeId", ((BanTarget.NodeTarget) ban.target()).nodeId().toString());
      }
      instantField("created", ban.created());
      optionalInstant("until", ban.until());
      g.writeStringField("reason", ban.reason());
      g.writeArrayFieldStart("evidence");
      for (String item : ban.evidence()) {
        g.writeString(item);
      }
      g.writeEndArray();
      g.writeEndObject();
    }

    private void writeAddressBook(AddressBookSnapshot book) throws IOException {
      g.writeObjectFieldStart("addressBook");
      g.writeStringField("key", HEX.formatHex(book.key()));
      g.writeNumberField("newBuckets", book.newBuckets());
      g.writeNumberField("triedBuckets", book.triedBuckets());
      g.writeNumberField("bucketSize", book.bucketSize());
      g.writeNumberField("newBucketsPerSourceGroup", book.newBucketsPerSourceGroup());
      g.writeNumberField("triedBucketsPerGroup", book.triedBucketsPerGroup());
      optionalInstant("lastGood", book.lastGood());
      g.writeArrayFieldStart("collisions");
      for (PeerAddress address : book.collisions()) {
        g.writeString(address.toString());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("entries");
      for (AddressBookSnapshot.Entry e : book.entries()) {
        g.writeStartObject();
        g.writeStringField("address", e.address().toString());
        g.writeStringField("source", e.source().toString());
        instantField("lastSeen", e.lastSeen());
        optionalInstant("lastTry", e.lastTry());
        optionalInstant("lastCountedAttempt", e.lastCountedAttempt());
        optionalInstant("lastSuccess", e.lastSuccess());
        g.writeNumberField("attempts", e.attempts());
        g.writeBooleanField("tried", e.tried());
        if (!e.newBuckets().isEmpty()) {
          g.writeArrayFieldStart("newBuckets");
          for (int bucket : e.newBuckets()) {
            g.writeNumber(bucket);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }

    private void optionalInstant(String name, Optional<Instant> value) throws IOException {
      if (value.isPresent()) {
        instantField(name, value.get());
      }
    }

    private void instantField(String name, Instant value) throws IOException {
      g.writeFieldName(name);
      int length = InstantText.formatTo(value, instantBuffer);
      if (length < 0) {
        g.writeString(InstantText.format(value));
      } else {
        g.writeString(instantBuffer, 0, length);
      }
    }
  }
}
