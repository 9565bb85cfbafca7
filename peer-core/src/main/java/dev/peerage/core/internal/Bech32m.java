package dev.peerage.core.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * The Bech32m text encoding of BIP-350 (a checksum variant of BIP-173's Bech32): a human-readable
 * part, the separator {@code 1}, data characters from a 32-character set, and a 6-character
 * checksum. Stateless and thread-safe.
 *
 * <h2>Why this checksum</h2>
 *
 * <p>The checksum is the remainder of a BCH code over GF(32) with generator polynomial {@code g} of
 * degree 6. Its detection guarantees depend on how long the checked sequence is:
 *
 * <ul>
 *   <li>Any single substitution is detected at every length: the error is {@code e·x^k} with {@code
 *       e != 0}, and {@code g} cannot divide it because {@code g} has degree 6 and a nonzero
 *       constant term, so it shares no factor with {@code x^k}.
 *   <li>Any two or three substitutions are detected as long as the checked symbols (the expanded
 *       human-readable part, the data and the checksum) number at most {@link #CODE_LENGTH}: the
 *       multiplicative order of {@code x} modulo {@code g} is 1023, so the code has minimum
 *       distance 4 at that length. {@code Bech32mTest} checks both facts by computation.
 *   <li>Any four substitutions are detected only in strings of at most 89 characters, the length
 *       BIP-173 caps strings at (90 characters with the separator). Longer strings lose that one
 *       guarantee, which is why {@link #decode(String, int)} takes the limit as an argument.
 *   <li>Insertions and deletions are detected with probability about {@code 1 - 2^-30}, the same as
 *       for a 30-bit hash; BIP-350's constant removed the Bech32 weakness where {@code q}s inserted
 *       before a final {@code p} went unnoticed.
 * </ul>
 *
 * <p>The polynomial, constant and character set are BIP-173's and BIP-350's; the code here is
 * Peerage's own.
 */
public final class Bech32m {

  /** The data characters; a character's index is its 5-bit value. */
  public static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

  /** Characters in the checksum. */
  public static final int CHECKSUM_LENGTH = 6;

  /** The separator between the human-readable part and the data. */
  public static final char SEPARATOR = '1';

  /**
   * The longest string BIP-173 allows, in characters; the error guarantees of 4 hold up to here.
   */
  public static final int BIP_MAX_LENGTH = 90;

  /**
   * The length of the underlying BCH code, in symbols: up to this many checked symbols any three
   * substitutions are detected.
   */
  public static final int CODE_LENGTH = 1023;

  /** Longest human-readable part BIP-173 allows. */
  public static final int MAX_HRP_LENGTH = 83;

  /** BIP-350's constant, xored into the checksum; Bech32 used 1. */
  private static final int BECH32M_CONSTANT = 0x2bc830a3;

  /** BIP-173's generator, as the five multiples of {@code g} to xor in for each shifted-out bit. */
  private static final int[] GENERATOR = {
    0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3
  };

  /** 5-bit value of each ASCII character, lower and upper case; -1 if not in the set. */
  private static final byte[] VALUE_OF = new byte[128];

  static {
    Arrays.fill(VALUE_OF, (byte) -1);
    for (int i = 0; i < CHARSET.length(); i++) {
      char c = CHARSET.charAt(i);
      VALUE_OF[c] = (byte) i;
      VALUE_OF[Character.toUpperCase(c)] = (byte) i;
    }
  }

  private Bech32m() {}

  /** What made a string fail to decode. */
  public enum Problem {
    /** The string is longer than the limit given to {@link #decode(String, int)}. */
    TOO_LONG,
    /** A character outside ASCII 33 to 126, or a data character outside {@link #CHARSET}. */
    INVALID_CHARACTER,
    /** Both upper- and lower-case letters occur. */
    MIXED_CASE,
    /** There is no separator {@code 1}. */
    NO_SEPARATOR,
    /** The separator is the first character. */
    EMPTY_HRP,
    /** The human-readable part is longer than {@link #MAX_HRP_LENGTH}. */
    HRP_TOO_LONG,
    /** Fewer than {@link #CHECKSUM_LENGTH} characters follow the separator. */
    TOO_SHORT,
    /** The checksum does not match: a typo, or characters missing or added. */
    CHECKSUM_MISMATCH,
    /** 5-bit to 8-bit conversion: five or more bits are left over. */
    EXCESS_PADDING,
    /** 5-bit to 8-bit conversion: the left-over bits are not zero. */
    NONZERO_PADDING
  }

  /**
   * Thrown when text is not valid Bech32m or 5-bit groups do not convert back to bytes. Carries the
   * kind of problem and, where one is known, the index of the character at fault, so a caller can
   * phrase a message for its own users.
   */
  public static final class DecodingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Problem problem;
    private final int index;

    DecodingException(Problem problem, int index, String message) {
      super(message);
      this.problem = problem;
      this.index = index;
    }

    /**
     * Returns what was wrong.
     *
     * @return the problem
     */
    public Problem problem() {
      return problem;
    }

    /**
     * Returns the 0-based index of the character at fault in the decoded string (for {@link
     * Problem#CHECKSUM_MISMATCH}: the only place where a single substitution would explain the
     * mismatch); for the padding problems, the index of the 5-bit group at fault.
     *
     * @return the index, or -1 if unknown
     */
    public int index() {
      return index;
    }
  }

  /**
   * A decoded string: its human-readable part and its data values without the checksum.
   *
   * @param hrp the human-readable part, in lower case
   * @param data the data values, each 0 to 31, without the checksum; the caller owns the array
   */
  public record Decoded(String hrp, byte[] data) {
    /**
     * Checks the components.
     *
     * @param hrp the human-readable part
     * @param data the data values
     */
    public Decoded {
      Objects.requireNonNull(hrp, "hrp");
      Objects.requireNonNull(data, "data");
    }
  }

  /**
   * Returns the 5-bit value of a data character, in either case.
   *
   * @param c the character
   * @return 0 to 31, or -1 if {@code c} is not in {@link #CHARSET} (in either case)
   */
  public static int valueOf(char c) {
    return c < VALUE_OF.length ? VALUE_OF[c] : -1;
  }

  /**
   * Encodes data under a human-readable part, in lower case.
   *
   * @param hrp the human-readable part: 1 to {@value #MAX_HRP_LENGTH} characters from ASCII 33 to
   *     126, without upper-case letters
   * @param data the data values, each 0 to 31
   * @return {@code hrp + "1" + data characters + checksum}
   * @throws IllegalArgumentException if {@code hrp} or a value breaks those rules
   */
  public static String encode(String hrp, byte[] data) {
    checkHrp(hrp);
    StringBuilder out = new StringBuilder(hrp.length() + 1 + data.length + CHECKSUM_LENGTH);
    out.append(hrp).append(SEPARATOR);
    int chk = expandHrp(hrp);
    for (int i = 0; i < data.length; i++) {
      int value = data[i];
      if (value < 0 || value > 31) {
        throw new IllegalArgumentException(
            "data value " + value + " at index " + i + " is not a 5-bit value (0 to 31)");
      }
      chk = step(chk, value);
      out.append(CHARSET.charAt(value));
    }
    for (int i = 0; i < CHECKSUM_LENGTH; i++) {
      chk = step(chk, 0);
    }
    chk ^= BECH32M_CONSTANT;
    for (int i = 0; i < CHECKSUM_LENGTH; i++) {
      out.append(CHARSET.charAt((chk >>> (5 * (CHECKSUM_LENGTH - 1 - i))) & 31));
    }
    return out.toString();
  }

  /**
   * Decodes and verifies a Bech32m string, all upper or all lower case.
   *
   * @param text the string, without surrounding white space
   * @param maxLength the longest string to accept, in characters: {@link #BIP_MAX_LENGTH} for
   *     BIP-173's rules; checked before anything else is read
   * @return the human-readable part (lower case) and the data without the checksum
   * @throws DecodingException if the string is too long, malformed or its checksum does not match
   */
  public static Decoded decode(String text, int maxLength) throws DecodingException {
    Objects.requireNonNull(text, "text");
    if (text.length() > maxLength) {
      throw new DecodingException(
          Problem.TOO_LONG,
          maxLength,
          "string is " + text.length() + " characters, longer than the limit of " + maxLength);
    }
    int firstLower = -1;
    int firstUpper = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 33 || c > 126) {
        throw new DecodingException(
            Problem.INVALID_CHARACTER, i, "character at index " + i + " is outside ASCII 33-126");
      }
      if (c >= 'a' && c <= 'z' && firstLower < 0) {
        firstLower = i;
      } else if (c >= 'A' && c <= 'Z' && firstUpper < 0) {
        firstUpper = i;
      }
    }
    if (firstLower >= 0 && firstUpper >= 0) {
      int index = Math.max(firstLower, firstUpper);
      throw new DecodingException(
          Problem.MIXED_CASE, index, "mixed upper and lower case, first at index " + index);
    }
    int separator = text.lastIndexOf(SEPARATOR);
    if (separator < 0) {
      throw new DecodingException(Problem.NO_SEPARATOR, -1, "no separator '1'");
    }
    if (separator == 0) {
      throw new DecodingException(Problem.EMPTY_HRP, 0, "empty human-readable part");
    }
    if (separator > MAX_HRP_LENGTH) {
      throw new DecodingException(
          Problem.HRP_TOO_LONG, MAX_HRP_LENGTH, "human-readable part over 83 characters");
    }
    int dataLength = text.length() - separator - 1;
    if (dataLength < CHECKSUM_LENGTH) {
      throw new DecodingException(
          Problem.TOO_SHORT,
          text.length(),
          "only " + dataLength + " characters after the separator, fewer than a checksum");
    }
    String hrp = lowerCase(text.substring(0, separator));
    int chk = expandHrp(hrp);
    byte[] values = new byte[dataLength];
    for (int i = 0; i < dataLength; i++) {
      int index = separator + 1 + i;
      char c = text.charAt(index);
      int value = VALUE_OF[c];
      if (value < 0) {
        throw new DecodingException(
            Problem.INVALID_CHARACTER,
            index,
            "character at index " + index + " is not a Bech32 data character");
      }
      values[i] = (byte) value;
      chk = step(chk, value);
    }
    if (chk != BECH32M_CONSTANT) {
      int fromEnd = singleErrorDistance(chk ^ BECH32M_CONSTANT, dataLength);
      int index = fromEnd < 0 ? -1 : text.length() - 1 - fromEnd;
      throw new DecodingException(Problem.CHECKSUM_MISMATCH, index, "checksum mismatch");
    }
    byte[] data = new byte[dataLength - CHECKSUM_LENGTH];
    System.arraycopy(values, 0, data, 0, data.length);
    return new Decoded(hrp, data);
  }

  /**
   * Regroups bytes into 5-bit values, most significant bit first, padding the last value with zero
   * bits (BIP-173's {@code convertbits(data, 8, 5, True)}).
   *
   * @param bytes the bytes
   * @return {@code ceil(8 * bytes.length / 5)} values, each 0 to 31
   */
  public static byte[] toFiveBitGroups(byte[] bytes) {
    byte[] out = new byte[(bytes.length * 8 + 4) / 5];
    int accumulator = 0;
    int bits = 0;
    int next = 0;
    for (byte b : bytes) {
      accumulator = (accumulator << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out[next++] = (byte) ((accumulator >>> bits) & 31);
      }
      accumulator &= (1 << bits) - 1;
    }
    if (bits > 0) {
      out[next++] = (byte) ((accumulator << (5 - bits)) & 31);
    }
    assert next == out.length;
    return out;
  }

  /**
   * Regroups 5-bit values into bytes, strictly (BIP-173's {@code convertbits(data, 5, 8, False)}):
   * at most 4 bits may be left over and they must be zero, so each byte string has exactly one
   * encoding.
   *
   * @param values the values, each 0 to 31
   * @param from index of the first value to convert
   * @return the bytes
   * @throws DecodingException with {@link Problem#EXCESS_PADDING} or {@link
   *     Problem#NONZERO_PADDING} if the values do not end on a byte boundary as an encoder would
   *     have written them; the index is that of the last value
   * @throws IllegalArgumentException if a value is outside 0 to 31
   */
  public static byte[] fromFiveBitGroups(byte[] values, int from) throws DecodingException {
    Objects.checkFromToIndex(from, values.length, values.length);
    int count = values.length - from;
    byte[] out = new byte[count * 5 / 8];
    int accumulator = 0;
    int bits = 0;
    int next = 0;
    for (int i = from; i < values.length; i++) {
      int value = values[i];
      if (value < 0 || value > 31) {
        throw new IllegalArgumentException("value " + value + " at index " + i + " is not 5-bit");
      }
      accumulator = (accumulator << 5) | value;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[next++] = (byte) (accumulator >>> bits);
      }
      accumulator &= (1 << bits) - 1;
    }
    int last = values.length - 1;
    if (bits >= 5) {
      throw new DecodingException(
          Problem.EXCESS_PADDING, last, bits + " bits left over, more than the 4 padding allows");
    }
    if (accumulator != 0) {
      throw new DecodingException(Problem.NONZERO_PADDING, last, "padding bits are not zero");
    }
    return out;
  }

  /**
   * Finds the one substitution that explains a checksum residue, if there is one. A single error of
   * value {@code e} at distance {@code k} from the end leaves the residue {@code e·x^k mod g}; with
   * minimum distance 4 no two such errors leave the same residue, so a match is the only
   * single-character explanation (though three or more errors may also leave it).
   *
   * @return the distance from the last character, or -1 if no single substitution fits
   */
  private static int singleErrorDistance(int residue, int dataLength) {
    int span = Math.min(dataLength, CODE_LENGTH);
    for (int error = 1; error < 32; error++) {
      int syndrome = error;
      for (int distance = 0; distance < span; distance++) {
        if (syndrome == residue) {
          return distance;
        }
        syndrome = step(syndrome, 0);
      }
    }
    return -1;
  }

  /** Feeds the expanded human-readable part into a fresh checksum state. */
  private static int expandHrp(String hrp) {
    int chk = 1;
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk, hrp.charAt(i) >>> 5);
    }
    chk = step(chk, 0);
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk, hrp.charAt(i) & 31);
    }
    return chk;
  }

  /**
   * One step of BIP-173's {@code polymod}: multiplies the residue by {@code x}, adds {@code value}
   * and reduces modulo {@code g}.
   *
   * @param chk the residue so far, 30 bits
   * @param value the next symbol, 0 to 31
   * @return the new residue
   */
  static int step(int chk, int value) {
    int top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (int i = 0; i < 5; i++) {
      if (((top >>> i) & 1) != 0) {
        chk ^= GENERATOR[i];
      }
    }
    return chk;
  }

  private static void checkHrp(String hrp) {
    Objects.requireNonNull(hrp, "hrp");
    if (hrp.isEmpty() || hrp.length() > MAX_HRP_LENGTH) {
      throw new IllegalArgumentException(
          "human-readable part is " + hrp.length() + " characters, expected 1 to 83");
    }
    for (int i = 0; i < hrp.length(); i++) {
      char c = hrp.charAt(i);
      if (c < 33 || c > 126 || (c >= 'A' && c <= 'Z')) {
        throw new IllegalArgumentException(
            "human-readable part has "
                + QuotedInput.describe(c)
                + " at index "
                + i
                + "; expected ASCII 33 to 126 without upper-case letters");
      }
    }
  }

  private static String lowerCase(String ascii) {
    char[] chars = ascii.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'A' && chars[i] <= 'Z') {
        chars[i] += 'a' - 'A';
      }
    }
    return new String(chars);
  }
}
