package dev.peerage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QR code {@code ticket show} prints scans: the test paints the printed characters the way a
 * terminal does (printed half blocks in the foreground colour, the rest and the screen around it
 * in the background colour) and decodes the picture with ZXing.
 */
class TerminalQrCodeTest {
  /** Pixels per module side. */
  private static final int SCALE = 4;

  /** Screen around the printed code, in modules: terminal background, not part of the code. */
  private static final int SCREEN = 10;

  private static final Color LIGHT = new Color(0xF0F0F0);
  private static final Color DARK = new Color(0x101010);

  @TempDir
  Path dir;

  private String store;

  @BeforeEach
  void store() {
    store = dir.resolve("a").toString();
    assertThat(CliRun.of("peers", "add", "--store", store, "198.51.100.200:8333").exitCode())
        .isZero();
  }

  /** The ticket and the QR code lines {@code ticket show} printed. */
  private record Shown(String ticket, List<String> code) {}

  private Shown show(String... extra) {
    String[] args = {"ticket", "show", "--store", store, "--listen", "192.0.2.9:8333",
        "--label", "laptop"};
    String[] all = Arrays.copyOf(args, args.length + extra.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    CliRun run = CliRun.of(all);
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(1)).isEmpty();
    return new Shown(lines.get(0), lines.subList(2, lines.size()));
  }

  /** Which modules the terminal paints in its foreground colour: [row][column]. */
  private static boolean[][] printedModules(List<String> code) {
    int width = code.get(0).length();
    boolean[][] modules = new boolean[code.size() * 2][width];
    for (int row = 0; row < code.size(); row++) {
      String line = code.get(row);
      assertThat(line).hasSize(width).matches("[█▀▄ ]+");
      for (int x = 0; x < width; x++) {
        char c = line.charAt(x);
        modules[2 * row][x] = c == '█' || c == '▀';
        modules[2 * row + 1][x] = c == '█' || c == '▄';
      }
    }
    return modules;
  }

  /** Paints the code as a terminal with these colours shows it. */
  private static BufferedImage paint(boolean[][] printed, Color foreground, Color background) {
    int rows = printed.length;
    int columns = printed[0].length;
    BufferedImage image = new BufferedImage((columns + 2 * SCREEN) * SCALE,
        (rows + 2 * SCREEN) * SCALE, BufferedImage.TYPE_INT_RGB);
    for (int py = 0; py < image.getHeight(); py++) {
      for (int px = 0; px < image.getWidth(); px++) {
        int my = py / SCALE - SCREEN;
        int mx = px / SCALE - SCREEN;
        boolean inCode = my >= 0 && my < rows && mx >= 0 && mx < columns;
        image.setRGB(px, py, (inCode && printed[my][mx] ? foreground : background).getRGB());
      }
    }
    return image;
  }

  /** Decodes as a phone scanner would: no hint that the code may be a negative. */
  private static String decode(BufferedImage image) throws Exception {
    return new QRCodeReader().decode(
        new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
        Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
  }

  /** Light modules, as [row][column], from what is printed and how the terminal shows it. */
  private static boolean[][] lightModules(boolean[][] printed, boolean printedIsLight) {
    boolean[][] light = new boolean[printed.length][];
    for (int y = 0; y < printed.length; y++) {
      light[y] = new boolean[printed[y].length];
      for (int x = 0; x < printed[y].length; x++) {
        light[y][x] = printed[y][x] == printedIsLight;
      }
    }
    return light;
  }

  /** Asserts at least four all-light rows and columns on each side of the code. */
  private static void assertQuietZone(boolean[][] light) {
    int rows = light.length;
    int columns = light[0].length;
    for (int k = 0; k < TerminalQrCode.QUIET_ZONE; k++) {
      for (int x = 0; x < columns; x++) {
        assertThat(light[k][x]).as("top row %d, column %d", k, x).isTrue();
        // The last printed row may be half padding below the code; count from the code's end.
        assertThat(light[rows - 2 - k][x]).as("bottom row %d, column %d", k, x).isTrue();
      }
      for (int y = 0; y < rows; y++) {
        assertThat(light[y][k]).as("left column %d, row %d", k, y).isTrue();
        assertThat(light[y][columns - 1 - k]).as("right column %d, row %d", k, y).isTrue();
      }
    }
    // And the code starts right after it: a finder pattern's dark corner.
    assertThat(light[TerminalQrCode.QUIET_ZONE][TerminalQrCode.QUIET_ZONE]).isFalse();
  }

  @Test
  void theDefaultCodeScansOnALightOnDarkTerminal() throws Exception {
    Shown shown = show();
    boolean[][] printed = printedModules(shown.code());
    assertQuietZone(lightModules(printed, true));
    assertThat(decode(paint(printed, LIGHT, DARK))).isEqualTo(shown.ticket());
  }

  @Test
  void theInvertedCodeScansOnADarkOnLightTerminal() throws Exception {
    Shown shown = show("--invert");
    boolean[][] printed = printedModules(shown.code());
    assertQuietZone(lightModules(printed, false));
    assertThat(decode(paint(printed, DARK, LIGHT))).isEqualTo(shown.ticket());
  }

  @Test
  void eachCodeIsANegativeOnTheOtherKindOfTerminal() {
    // Why --invert exists: printed on the wrong background, the code is a negative image.
    boolean[][] plain = printedModules(show().code());
    assertThatThrownBy(() -> decode(paint(plain, DARK, LIGHT)))
        .isInstanceOf(NotFoundException.class);
    boolean[][] inverted = printedModules(show("--invert").code());
    assertThatThrownBy(() -> decode(paint(inverted, LIGHT, DARK)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void renderingIsTheSameTextBothWays() {
    String ticket = show().ticket();
    String plain = TerminalQrCode.render(ticket, false);
    String inverted = TerminalQrCode.render(ticket, true);
    assertThat(plain.lines().count()).isEqualTo(inverted.lines().count());
    // Every cell of one is the complement of the other's.
    String swapped = plain.chars().map(c -> switch (c) {
      case '█' -> ' ';
      case ' ' -> '█';
      case '▀' -> '▄';
      case '▄' -> '▀';
      default -> c;
    }).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
    // Except the half row of padding under the code, which is light both ways.
    List<String> a = swapped.lines().toList();
    List<String> b = inverted.lines().toList();
    assertThat(b.subList(0, b.size() - 1)).isEqualTo(a.subList(0, a.size() - 1));
  }
}
