package dev.peerage.store.json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Hand-made store documents with correct checksums, for tests of what a reader does with them. */
final class Documents {
  private static final String CHECKSUM_MEMBER = "\"checksum\"";

  private Documents() {}

  /** A document of {@code version} whose content is {@code content}, with a correct checksum. */
  static String document(int version, String content) {
    return withChecksum(
        "{\n  \"format\": \"peerage-peers\",\n  \"version\": "
            + version
            + ",\n  \"written\": \"2026-01-01T00:00:00Z\",\n  \"content\": "
            + content
            + ",\n  \"checksum\": \"sha256:\"\n}\n");
  }

  /** A current-version document of {@code content}. */
  static String document(String content) {
    return document(1, content);
  }

  /**
   * Recomputes the checksum of a document: SHA-256 over the bytes before the last {@code
   * "checksum"} member, as the format specifies.
   */
  static String withChecksum(String document) {
    byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
    String text = document;
    int member = text.lastIndexOf(CHECKSUM_MEMBER);
    int coveredBytes = text.substring(0, member).getBytes(StandardCharsets.UTF_8).length;
    int valueStart = text.indexOf('"', member + CHECKSUM_MEMBER.length()) + 1;
    int valueEnd = text.indexOf('"', valueStart);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(bytes, 0, coveredBytes);
      return text.substring(0, valueStart)
          + "sha256:"
          + HexFormat.of().formatHex(sha.digest())
          + text.substring(valueEnd);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
