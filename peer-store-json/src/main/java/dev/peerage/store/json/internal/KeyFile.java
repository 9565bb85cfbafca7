package dev.peerage.store.json.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.NodeIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The node's private key file, {@code node.key}: a four-member JSON object with the format name,
 * the version, the node id and the 32-byte Ed25519 private key in hexadecimal. The node id doubles
 * as the file's checksum: it must be the one the private key derives, so a damaged file is never
 * mistaken for a valid key. Stateless and thread-safe.
 */
public final class KeyFile {
  /** A key file is about 200 bytes; anything much larger is not one. */
  public static final int MAX_SIZE = 4096;

  private static final HexFormat HEX = HexFormat.of();
  private static final JsonFactory FACTORY = new JsonFactory();

  private KeyFile() {}

  /**
   * Writes {@code identity}'s key file content.
   *
   * @param identity the identity
   * @param out where to write
   * @throws IOException if writing fails
   */
  public static void write(NodeIdentity identity, OutputStream out) throws IOException {
    byte[] key = identity.privateKeyBytes();
    try {
      String text =
          "{\n  \"format\": \""
              + StoreFormat.KEY_FORMAT_NAME
              + "\",\n  \"version\": "
              + StoreFormat.KEY_VERSION
              + ",\n  \"nodeId\": \""
              + identity.nodeId()
              + "\",\n"
              + "  \"privateKey\": \""
              + HEX.formatHex(key)
              + "\"\n}\n";
      out.write(text.getBytes(StandardCharsets.US_ASCII));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Reads a key file. Two kinds of failure are kept apart, because a caller treats them in opposite
   * ways: content that is proven wrong ({@link CorruptDocumentException}: the key is damaged and
   * will not get better) and a file that cannot be read at all ({@link IOException}: permission
   * denied, a device error, a directory or a broken link where the file should be; the key may be
   * fine and must not be given up).
   *
   * @param file the file
   * @param ops the file system step that opens it
   * @return the identity it holds
   * @throws CorruptDocumentException if the bytes read are not a valid key file: the message says
   *     what is wrong, and never contains key material
   * @throws IOException if the file cannot be read: it is missing, not a regular file (a FIFO is
   *     never opened, so a read cannot block), or the file system refuses or fails the read
   */
  public static NodeIdentity read(Path file, FileOperations ops)
      throws IOException, CorruptDocumentException {
    // Follows a symbolic link: a link to a key elsewhere is a key; a broken one is an I/O error.
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new FileSystemException(
          file.toString(),
          null,
          (attributes.isDirectory() ? "it is a directory" : "it is not a regular file")
              + ", not a key file");
    }
    if (attributes.size() > MAX_SIZE) {
      throw new CorruptDocumentException(
          file
              + " is "
              + attributes.size()
              + " bytes, larger than a key file can be ("
              + MAX_SIZE
              + " bytes at most)");
    }
    String format = null;
    Integer version = null;
    String nodeId = null;
    byte[] privateKey = null;
    boolean keyIsHex = true;
    try (InputStream in = ops.openForReading(file);
        JsonParser p = FACTORY.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new CorruptDocumentException(file + " is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "format" -> format = value == JsonToken.VALUE_STRING ? p.getText() : "";
          case "version" ->
              version =
                  value == JsonToken.VALUE_NUMBER_INT
                          && p.getNumberType() == JsonParser.NumberType.INT
                      ? p.getIntValue()
                      : -1;
          case "nodeId" -> nodeId = value == JsonToken.VALUE_STRING ? p.getText() : "";
          case "privateKey" -> {
            privateKey = value == JsonToken.VALUE_STRING ? parseKey(p.getText()) : null;
            keyIsHex = privateKey != null;
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new CorruptDocumentException(file + " has data after its end");
      }
    } catch (JsonProcessingException e) {
      // Not the parser's message: it may quote a token, and a token here may be the key.
      throw new CorruptDocumentException(
          file
              + " is not valid JSON"
              + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    if (!StoreFormat.KEY_FORMAT_NAME.equals(format)) {
      throw new CorruptDocumentException(
          file
              + " is not a Peerage key file: "
              + (format == null ? "it has no 'format'" : "its 'format' is not")
              + " \""
              + StoreFormat.KEY_FORMAT_NAME
              + "\"");
    }
    if (version == null || version != StoreFormat.KEY_VERSION) {
      throw new CorruptDocumentException(
          file + " has key file version " + version + ", expected " + StoreFormat.KEY_VERSION);
    }
    if (!keyIsHex) {
      throw new CorruptDocumentException(file + ": 'privateKey' is not hexadecimal");
    }
    if (privateKey == null) {
      throw new CorruptDocumentException(file + " has no 'privateKey'");
    }
    if (privateKey.length != NodeIdentity.PRIVATE_KEY_LENGTH) {
      int length = privateKey.length;
      Arrays.fill(privateKey, (byte) 0);
      throw new CorruptDocumentException(
          file
              + ": 'privateKey' is "
              + length
              + " bytes, expected "
              + NodeIdentity.PRIVATE_KEY_LENGTH);
    }
    NodeIdentity identity = NodeIdentity.fromPrivateKey(privateKey);
    Arrays.fill(privateKey, (byte) 0);
    NodeId stated;
    try {
      stated = NodeId.parse(nodeId);
    } catch (IllegalArgumentException e) {
      throw new CorruptDocumentException(file + " has no valid 'nodeId'");
    }
    if (!identity.nodeId().equals(stated)) {
      throw new CorruptDocumentException(
          file
              + " is damaged: its private key belongs to node "
              + identity.nodeId().shortString()
              + ", not to the node id it states, "
              + stated.shortString());
    }
    return identity;
  }

  /** The key's bytes, or null if the text is not hexadecimal (the text is never quoted). */
  private static byte[] parseKey(String text) {
    try {
      return HEX.parseHex(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
