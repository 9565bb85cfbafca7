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
 * lower half blocks). Light modules are the printed blocks and dark modules the background, so the
 * code scans on the usual light-on-dark terminal. Stateless and thread-safe.
 */
final class TerminalQrCode {
  /** The quiet zone around the code, in modules; scanners need some, four is the standard. */
  private static final int QUIET_ZONE = 2;

  private TerminalQrCode() {}

  /**
   * Renders the text.
   *
   * @param text the text, up to a few hundred characters (a ticket is well below)
   * @return the lines of the code, each ending with a newline
   * @throws IllegalArgumentException if the text does not fit a QR code
   */
  static String render(String text) {
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
    // Light modules are printed as full blocks: a terminal shows text light on dark, so the
    // printed characters are the light parts of the code.
    for (int y = 0; y < matrix.getHeight(); y += 2) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        boolean topLight = !matrix.get(x, y);
        boolean bottomLight = y + 1 >= matrix.getHeight() || !matrix.get(x, y + 1);
        b.append(topLight ? (bottomLight ? '█' : '▀') : (bottomLight ? '▄' : ' '));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
