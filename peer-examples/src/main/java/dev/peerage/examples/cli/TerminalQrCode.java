package dev.peerage.examples.cli;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * Renders text as a QR code made of terminal characters, two modules per character cell (upper and
 * lower half blocks), with the standard quiet zone of {@value #QUIET_ZONE} light modules on every
 * side. A terminal prints characters in its foreground colour on its background, so which modules
 * are printed depends on the terminal: on the usual light-on-dark terminal the light modules are
 * printed and the dark ones are background; {@code invert} is for dark text on a light background,
 * where the dark modules are printed. Printed the wrong way round the code is a negative image,
 * which most phone scanners do not read. Stateless and thread-safe.
 */
final class TerminalQrCode {
  /** The quiet zone around the code, in modules: the four that ISO/IEC 18004 asks for. */
  static final int QUIET_ZONE = 4;

  private TerminalQrCode() {}

  /**
   * Renders the text.
   *
   * @param text the text, up to a few hundred characters (a ticket is well below)
   * @param invert false for a terminal with light text on a dark background (light modules are
   *     printed), true for dark text on a light background (dark modules are printed)
   * @return the lines of the code, all the same width, each ending with a newline
   * @throws IllegalArgumentException if the text does not fit a QR code
   */
  static String render(String text, boolean invert) {
    BitMatrix matrix;
    try {
      matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L,
              EncodeHintType.MARGIN, QUIET_ZONE));
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode " + text.length()
          + " characters as a QR code: " + e.getMessage(), e);
    }
    StringBuilder b = new StringBuilder();
    for (int y = 0; y < matrix.getHeight(); y += 2) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        // A row past the bottom edge (odd heights) is more quiet zone: light.
        boolean topDark = matrix.get(x, y);
        boolean bottomDark = y + 1 < matrix.getHeight() && matrix.get(x, y + 1);
        boolean top = topDark == invert;
        boolean bottom = bottomDark == invert;
        b.append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
