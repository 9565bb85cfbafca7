package dev.peerage.store.json.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NodeIdentity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
  private static final FileOperations OPS = new NioFileOperations();

  @TempDir Path dir;

  private final NodeIdentity identity = NodeIdentity.fromSeed(5);

  private byte[] keyFileBytes() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    KeyFile.write(identity, out);
    return out.toByteArray();
  }

  @Test
  void roundTrips() throws Exception {
    Path file = dir.resolve("node.key");
    Files.write(file, keyFileBytes());
    NodeIdentity read = KeyFile.read(file, OPS);
    assertThat(read.nodeId()).isEqualTo(identity.nodeId());
    assertThat(read.privateKeyBytes()).isEqualTo(identity.privateKeyBytes());
  }

  @Test
  void everySingleBitFlipIsDetectedOrHarmless() throws Exception {
    byte[] original = keyFileBytes();
    Path file = dir.resolve("node.key");
    int harmless = 0;
    for (int bit = 0; bit < original.length * 8; bit++) {
      byte[] flipped = original.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      // A new file each time: ext4 flushes a file that is truncated and rewritten on close.
      Files.deleteIfExists(file);
      Files.write(file, flipped);
      try {
        NodeIdentity read = KeyFile.read(file, OPS);
        // Only a change of letter case in a hexadecimal digit leaves the meaning intact.
        assertThat(read.privateKeyBytes()).isEqualTo(identity.privateKeyBytes());
        assertThat(new String(flipped, StandardCharsets.US_ASCII))
            .isEqualToIgnoringCase(new String(original, StandardCharsets.US_ASCII));
        harmless++;
      } catch (CorruptDocumentException expected) {
        assertThat(expected.getMessage())
            .doesNotContain(HexFormat.of().formatHex(identity.privateKeyBytes()));
      }
    }
    assertThat(harmless).isLessThan(130);
  }

  @Test
  void aKeyFromAnotherNodeUnderThisNodesIdIsDamage() throws Exception {
    String text =
        new String(keyFileBytes(), StandardCharsets.US_ASCII)
            .replace(
                HexFormat.of().formatHex(identity.privateKeyBytes()),
                HexFormat.of().formatHex(NodeIdentity.fromSeed(6).privateKeyBytes()));
    Path file = dir.resolve("node.key");
    Files.writeString(file, text);
    assertThatThrownBy(() -> KeyFile.read(file, OPS))
        .isInstanceOf(CorruptDocumentException.class)
        .hasMessageContaining("its private key belongs to node");
  }

  @Test
  void otherShapesAreRejected() throws Exception {
    Path file = dir.resolve("node.key");
    for (String text :
        new String[] {
          "",
          "{}",
          "[]",
          "{\"format\": \"peerage-node-key\"}",
          new String(keyFileBytes(), StandardCharsets.US_ASCII)
              .replace("\"version\": 1", "\"version\": 2"),
          new String(keyFileBytes(), StandardCharsets.US_ASCII) + "{}"
        }) {
      Files.writeString(file, text);
      assertThatThrownBy(() -> KeyFile.read(file, OPS))
          .isInstanceOf(CorruptDocumentException.class);
    }
    byte[] big = new byte[KeyFile.MAX_SIZE + 1];
    Arrays.fill(big, (byte) ' ');
    Files.write(file, big);
    assertThatThrownBy(() -> KeyFile.read(file, OPS))
        .isInstanceOf(CorruptDocumentException.class)
        .hasMessageContaining("larger than a key file");
  }
}
