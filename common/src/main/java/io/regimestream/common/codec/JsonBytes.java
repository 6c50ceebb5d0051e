package io.regimestream.common.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that JSON values are appended to as UTF-8, in exactly the text our Jackson
 * configuration ({@link Json}) writes for them, for records written many times a second: no
 * generator, no intermediate strings. Field names and punctuation come pre-encoded ({@link #ascii}).
 * Emptied, not reallocated, after each document. Not thread-safe.
 */
final class JsonBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII character: 0 = as it is, -1 = &#92;u00XX, else the letter after the backslash. */
    private static final byte[] ASCII_ESCAPES = new byte[128];

    static {
        Arrays.fill(ASCII_ESCAPES, 0, 0x20, (byte) -1);
        ASCII_ESCAPES['"'] = '"';
        ASCII_ESCAPES['\\'] = '\\';
        ASCII_ESCAPES['\b'] = 'b';
        ASCII_ESCAPES['\t'] = 't';
        ASCII_ESCAPES['\f'] = 'f';
        ASCII_ESCAPES['\n'] = 'n';
        ASCII_ESCAPES['\r'] = 'r';
    }

    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NAN = ascii("\"NaN\"");
    private static final byte[] INFINITY = ascii("\"Infinity\"");
    private static final byte[] MINUS_INFINITY = ascii("\"-Infinity\"");
    private static final byte[] LONG_MIN = ascii(Long.toString(Long.MIN_VALUE));

    private byte[] bytes = new byte[256];
    private int size;

    /** Text known to be ASCII with nothing to escape (field names, punctuation), as bytes. */
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    void append(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, bytes, size, ascii.length);
        size += ascii.length;
    }

    void append(boolean value) {
        append(value ? TRUE : FALSE);
    }

    void append(long value) {
        if (value == Long.MIN_VALUE) { // has no positive counterpart
            append(LONG_MIN);
            return;
        }
        ensure(20);
        if (value < 0) {
            bytes[size++] = '-';
            value = -value;
        }
        size = ShortestDecimal.writeDigits(value, value == 0 ? 1 : ShortestDecimal.digitCount(value), bytes, size);
    }

    /**
     * A finite double as its shortest exact decimal ({@link ShortestDecimal}); NaN and the infinities
     * as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, as Jackson writes them
     * (JSON has no such numbers).
     */
    void append(double value) {
        if (Double.isNaN(value)) {
            append(NAN);
        } else if (Double.isInfinite(value)) {
            append(value > 0 ? INFINITY : MINUS_INFINITY);
        } else {
            ensure(ShortestDecimal.MAX_BYTES);
            size = ShortestDecimal.write(value, bytes, size);
        }
    }

    /**
     * A JSON string in quotes, escaped as Jackson's UTF-8 generator does by default: {@code "} and
     * {@code \} with a backslash, the control characters below U+0020 as {@code \b \t \n \f \r} or
     * &#92;u00XX, every other character as UTF-8, except surrogates (halves of a character beyond
     * U+FFFF, paired or not), which each become &#92;uXXXX.
     */
    void appendString(String value) {
        int length = value.length();
        ensure(2 + 6 * length);
        byte[] b = bytes;
        int at = size;
        b[at++] = '"';
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                byte escape = ASCII_ESCAPES[c];
                if (escape == 0) {
                    b[at++] = (byte) c;
                } else if (escape > 0) {
                    b[at++] = '\\';
                    b[at++] = escape;
                } else {
                    at = unicodeEscape(c, b, at);
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | c >> 6);
                b[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                at = unicodeEscape(c, b, at);
            } else {
                b[at++] = (byte) (0xE0 | c >> 12);
                b[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        b[at++] = '"';
        size = at;
    }

    /** The document written since the last call, as a new array; the buffer is then empty. */
    byte[] take() {
        byte[] document = Arrays.copyOf(bytes, size);
        size = 0;
        return document;
    }

    private static int unicodeEscape(char c, byte[] b, int at) {
        b[at++] = '\\';
        b[at++] = 'u';
        b[at++] = HEX[c >> 12];
        b[at++] = HEX[c >> 8 & 0xF];
        b[at++] = HEX[c >> 4 & 0xF];
        b[at++] = HEX[c & 0xF];
        return at;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
