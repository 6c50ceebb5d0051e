package io.regimestream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The allocation-free UTF-8 check agrees with the JDK's strict decoder, on edge cases and many random inputs. */
class Utf8Test {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "41",
                "7f",
                "c280",
                "dfbf",
                "e0a080",
                "efbfbf",
                "ed9fbf",
                "ee8080",
                "f0908080",
                "f48fbfbf",
                "f3bfbfbf",
                // invalid: stray continuation, overlong 2/3/4-byte, surrogates, above U+10FFFF, truncated, never-used
                // bytes
                "80",
                "bf",
                "c0af",
                "c1bf",
                "e080af",
                "e09fbf",
                "f08f bfbf",
                "eda080",
                "edbfbf",
                "f4908080",
                "f5808080",
                "c2",
                "e0a0",
                "f09080",
                "e2",
                "ff",
                "fe",
                "c241",
                "e04180",
                "f0904141",
                "41c2",
                "ed"
            })
    void agreesWithTheJdkDecoderOnEdgeCases(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertThat(Utf8.firstInvalid(bytes) < 0).as(hex).isEqualTo(jdkAccepts(bytes));
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomBytes() {
        Random random = new Random(42);
        int valid = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int j = 0; j < bytes.length; j++) {
                // Mostly bytes around the interesting boundaries, so valid multi-byte sequences occur often.
                bytes[j] = (byte)
                        switch (random.nextInt(4)) {
                            case 0 -> random.nextInt(0x80);
                            case 1 -> 0x80 + random.nextInt(0x40);
                            case 2 -> 0xC0 + random.nextInt(0x40);
                            default -> random.nextInt(256);
                        };
            }
            boolean expected = jdkAccepts(bytes);
            valid += expected ? 1 : 0;
            assertThat(Utf8.firstInvalid(bytes) < 0)
                    .as(HexFormat.of().formatHex(bytes))
                    .isEqualTo(expected);
        }
        assertThat(valid).as("valid inputs among the random ones").isGreaterThan(10_000);
    }

    @Test
    void agreesWithTheJdkDecoderOnEveryCodePointEncodedAndCutShort() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.firstInvalid(bytes)).as("U+%X", cp).isEqualTo(-1);
            if (bytes.length > 1) {
                byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);
                assertThat(Utf8.firstInvalid(cut)).as("U+%X cut short", cp).isEqualTo(0);
            }
        }
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
