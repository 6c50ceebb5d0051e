package io.regimestream.job.functions;

/**
 * A strict UTF-8 check without allocating (a {@code CharsetDecoder} per record costs a decoder, a
 * buffer and the decoded chars). It rejects exactly what the JDK's strict decoder rejects
 * (RFC 3629): stray continuation bytes, overlong forms, encoded surrogates (U+D800..U+DFFF),
 * code points above U+10FFFF and sequences cut short.
 */
public final class Utf8 {

    private Utf8() {}

    /** @return -1 when {@code bytes} are valid UTF-8, else the index of the first byte of the bad sequence */
    public static int firstInvalid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i];
            if (b >= 0) { // ASCII, the usual case for JSON
                i++;
                continue;
            }
            int lead = b & 0xFF;
            if (lead < 0xC2) { // 0x80..0xBF continuation without a lead; 0xC0/0xC1 only start overlong forms
                return i;
            }
            if (lead < 0xE0) {
                if (i + 1 >= n || !isContinuation(bytes[i + 1])) {
                    return i;
                }
                i += 2;
            } else if (lead < 0xF0) {
                if (i + 2 >= n) {
                    return i;
                }
                int second = bytes[i + 1] & 0xFF;
                // E0 needs A0.. (else overlong); ED needs ..9F (else a surrogate)
                int min = lead == 0xE0 ? 0xA0 : 0x80;
                int max = lead == 0xED ? 0x9F : 0xBF;
                if (second < min || second > max || !isContinuation(bytes[i + 2])) {
                    return i;
                }
                i += 3;
            } else if (lead <= 0xF4) {
                if (i + 3 >= n) {
                    return i;
                }
                int second = bytes[i + 1] & 0xFF;
                // F0 needs 90.. (else overlong); F4 needs ..8F (else above U+10FFFF)
                int min = lead == 0xF0 ? 0x90 : 0x80;
                int max = lead == 0xF4 ? 0x8F : 0xBF;
                if (second < min || second > max || !isContinuation(bytes[i + 2]) || !isContinuation(bytes[i + 3])) {
                    return i;
                }
                i += 4;
            } else { // F5..FF never occur in UTF-8
                return i;
            }
        }
        return -1;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
