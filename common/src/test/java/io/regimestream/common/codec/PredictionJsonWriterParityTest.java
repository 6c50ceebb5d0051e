package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.Prediction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@link PredictionJsonWriter} writes exactly the bytes the Jackson generator wrote before it
 * ({@link JacksonPredictionWriter}, the reference): every double across the whole range and the
 * awkward ones, every character a machine id can hold, whole predictions with random values.
 */
class PredictionJsonWriterParityTest {

    private final JacksonPredictionWriter jackson = new JacksonPredictionWriter();
    private final JsonBytes bytes = new JsonBytes();

    @Test
    void awkwardDoublesAreWrittenAsJacksonWritesThem() {
        List<Double> checked = new ArrayList<>();
        awkwardDoubles(v -> {
            assertSameNumber(v);
            assertSameNumber(-v);
            checked.add(v);
        });
        assertThat(checked).hasSizeGreaterThan(200_000);
    }

    @Test
    void randomDoublesOverTheWholeRangeAreWrittenAsJacksonWritesThem() {
        Random random = new Random(23);
        for (int i = 0; i < 3_000_000; i++) {
            assertSameNumber(Double.longBitsToDouble(random.nextLong())); // every exponent, NaNs included
        }
        for (int i = 0; i < 1_000_000; i++) {
            assertSameNumber(random.nextDouble()); // probabilities
            assertSameNumber(20 + random.nextGaussian() * 15); // temperatures
        }
    }

    @Test
    void everyCharacterOfAMachineIdIsEscapedAsJacksonEscapesIt() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            assertSameString(String.valueOf((char) c));
            assertSameString("a" + (char) c + "b");
        }
        assertSameString("press-\uD83D\uDE00"); // a character beyond U+FFFF: its surrogate pair
        assertSameString("\uDE00\uD83D"); // halves in the wrong order
        assertSameString("");
    }

    @Test
    void randomPredictionsAreByteIdenticalToTheJacksonWriter() {
        Random random = new Random(29);
        PredictionJsonWriter writer = new PredictionJsonWriter();
        for (int i = 0; i < 100_000; i++) {
            Prediction p = randomPrediction(random);
            assertThat(writer.toJson(p)).as("%s", p).isEqualTo(jackson.toJson(p));
        }
    }

    @Test
    void roundedPredictionsAreByteIdenticalToTheJacksonWriterAtEveryDigitCount() {
        Random random = new Random(31);
        for (int digits = 0; digits <= ProbabilityRounding.MAX_DIGITS; digits++) {
            ProbabilityRounding rounding = ProbabilityRounding.digits(digits);
            PredictionJsonWriter writer = new PredictionJsonWriter(rounding);
            JacksonPredictionWriter reference = new JacksonPredictionWriter(rounding);
            for (int i = 0; i < 5_000; i++) {
                Prediction p = randomPrediction(random);
                assertThat(writer.toJson(p)).as("%s at %s", p, rounding).isEqualTo(reference.toJson(p));
            }
        }
    }

    private void assertSameNumber(double v) {
        bytes.append(v);
        byte[] ours = bytes.take();
        byte[] theirs = jackson.number(v);
        if (!java.util.Arrays.equals(ours, theirs)) { // a message only when needed: millions of values
            assertThat(new String(ours, StandardCharsets.UTF_8))
                    .as("double with bits %016x", Double.doubleToRawLongBits(v))
                    .isEqualTo(new String(theirs, StandardCharsets.UTF_8));
        }
    }

    private void assertSameString(String s) {
        bytes.appendString(s);
        assertThat(bytes.take())
                .as("string %s", s.chars().mapToObj(Integer::toHexString).toList())
                .isEqualTo(jackson.string(s));
    }

    /**
     * Zeros, subnormals, the normal and largest bounds, every power of ten and of two with their
     * neighbours, the edges of the plain layout (1e-3, 1e7), whole numbers (57.0, 2^53 and around),
     * few-digit decimals (rounded probabilities), and doubles known to trip shortest-digit writers.
     */
    private static void awkwardDoubles(DoubleConsumer check) {
        double[] fixed = {
            0.0,
            Double.MIN_VALUE,
            2 * Double.MIN_VALUE,
            3 * Double.MIN_VALUE,
            4 * Double.MIN_VALUE,
            Double.MIN_NORMAL,
            Math.nextDown(Double.MIN_NORMAL),
            Math.nextUp(Double.MIN_NORMAL),
            Double.MAX_VALUE,
            Math.nextDown(Double.MAX_VALUE),
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.longBitsToDouble(0x7ff8000000000001L),
            Double.longBitsToDouble(0x7ff0000000000001L),
            57.0,
            57.3,
            0.1,
            0.2,
            0.3,
            0.1 + 0.2,
            1 / 3.0,
            2 / 3.0,
            1.0E23,
            2.0E23,
            8.41E21,
            5.0E-324,
            9007199254740991.0,
            9007199254740992.0,
            9007199254740993.0,
            4503599627370496.5,
            1.7976931348623157E308,
            2.2250738585072014E-308,
            2.2250738585072011E-308,
            9999999.999999998,
            9999999.0,
            1.0E7,
            0.001,
            9.999999999999998E-4,
            123456789.123,
            1.4e-45,
            3.6e-4,
            0.9996,
            7.8e-58,
            2.98023223876953125E-8,
            1.0E-5,
            5.0E-5,
            Long.MAX_VALUE,
            (double) Long.MIN_VALUE,
            Integer.MAX_VALUE,
            1.0E15,
            1.0E16,
            1.0E17,
        };
        for (double v : fixed) {
            check.accept(v);
        }
        for (int k = -325; k <= 309; k++) {
            double p = Double.parseDouble("1e" + k);
            check.accept(p);
            check.accept(Math.nextUp(p));
            check.accept(Math.nextDown(p));
            for (int m = 2; m <= 9; m++) {
                check.accept(Double.parseDouble(m + "e" + k));
            }
        }
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            check.accept(p);
            check.accept(Math.nextUp(p));
            check.accept(Math.nextDown(p));
            check.accept(3 * p);
        }
        for (long i = 0; i <= 100_000; i++) {
            check.accept(i);
            check.accept(i / 10.0);
            check.accept(i / 10_000.0);
        }
        for (long i = (1L << 53) - 1_000; i <= (1L << 53) + 1_000; i++) {
            check.accept(i);
        }
        for (int i = 0; i < 10_000; i++) {
            check.accept(Double.longBitsToDouble(i)); // the smallest subnormals
            check.accept(Double.longBitsToDouble(0x0010000000000000L + i - 5_000)); // around MIN_NORMAL
        }
    }

    private static Prediction randomPrediction(Random random) {
        int regimes = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 8);
        double[] probabilities = new double[regimes];
        for (int r = 0; r < regimes; r++) {
            probabilities[r] = randomDouble(random);
        }
        int regime = random.nextInt(regimes);
        return new Prediction(
                randomText(random),
                randomLong(random),
                randomDouble(random),
                random.nextInt(10) == 0 ? random.nextInt() : regime,
                probabilities[regime],
                probabilities,
                randomText(random),
                randomLong(random),
                random.nextBoolean());
    }

    private static double randomDouble(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> random.nextDouble();
            case 2 -> Math.exp(-random.nextDouble() * 700); // tiny probabilities
            case 3 -> 20 + random.nextGaussian() * 15;
            case 4 -> Math.rint(random.nextGaussian() * 1e4) / 100; // two decimals
            default -> random.nextInt(100);
        };
    }

    private static long randomLong(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            case 2 -> -random.nextInt(1_000_000);
            default -> 1_764_213_600_000L + random.nextInt(1_000_000_000);
        };
    }

    /** Machine ids and model versions: mostly plain, sometimes any character at all, surrogates included. */
    private static String randomText(Random random) {
        int length = random.nextInt(24);
        StringBuilder s = new StringBuilder(length);
        boolean anything = random.nextInt(3) == 0;
        for (int i = 0; i < length; i++) {
            if (!anything) {
                s.append((char) ('a' + random.nextInt(26)));
            } else {
                switch (random.nextInt(5)) {
                    case 0 -> s.append((char) random.nextInt(0x80)); // ASCII incl. controls, quote, backslash
                    case 1 -> s.append((char) (0x80 + random.nextInt(0x780))); // two UTF-8 bytes
                    case 2 -> s.append((char) (0xD800 + random.nextInt(0x800))); // a lone surrogate
                    case 3 -> s.appendCodePoint(0x10000 + random.nextInt(0x100000)); // a surrogate pair
                    default -> s.append((char) random.nextInt(0x10000));
                }
            }
        }
        return s.toString();
    }
}
