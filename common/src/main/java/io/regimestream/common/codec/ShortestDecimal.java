package io.regimestream.common.codec;

import java.math.BigInteger;

/**
 * Writes a finite double as the shortest decimal that reads back as the same double, straight into
 * a byte array, in the text Jackson's fast double writer ({@code USE_FAST_DOUBLE_WRITER}, which our
 * codecs have always used) produces: the Schubfach algorithm (R. Giulietti, "The Schubfach way to
 * render doubles", 2020), whose layout is that of {@code Double.toString} from JDK 19 on (JDK 17's
 * own {@code Double.toString} is an older algorithm that sometimes writes a digit too many).
 *
 * <p>Layout: {@code 57.0}, {@code 0.001}, {@code 1234567.0} as plain decimals for 10<sup>-3</sup> &lt;=
 * |v| &lt; 10<sup>7</sup>; otherwise one digit, the point, at least one more digit and the exponent:
 * {@code 1.0E7}, {@code 9.99E-4}, {@code 4.9E-324}; {@code -0.0} keeps its sign. Among the shortest
 * decimals in the double's rounding interval the closest one is chosen, an even last digit on a tie.
 * {@code ShortestDecimalParityTest} compares it with Jackson's on millions of doubles.
 */
final class ShortestDecimal {

    /** The longest text: {@code -2.2250738585072014E-308}. */
    static final int MAX_BYTES = 24;

    private static final int SIGNIFICAND_BITS = 52;
    private static final long HIDDEN_BIT = 1L << SIGNIFICAND_BITS;
    private static final long FRACTION_MASK = HIDDEN_BIT - 1;
    private static final int EXPONENT_MASK = 0x7FF;
    /** The binary exponent of the least significant bit of a subnormal: 2^-1074 = Double.MIN_VALUE. */
    private static final int Q_MIN = -1074;
    /** Subnormals below 3 * 2^-1074 are scaled by ten first, or their interval holds no short enough decimal. */
    private static final long TINY_SIGNIFICAND = 3;

    /** Decimal exponents k whose 10^-k the scaled interval bounds need (the range of double's decimals). */
    private static final int K_MIN = -324;

    private static final int K_MAX = 292;
    /** 10^-k as a 126-bit fraction rounded up: high 63 bits at [2i], low 63 bits at [2i+1], i = k - K_MIN. */
    private static final long[] POW10_NEGATIVE = pow10NegativeTable();

    private static final long[] POW10 = new long[19]; // up to 10^18, the largest power of ten in a long

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
    }

    private ShortestDecimal() {}

    /**
     * Writes {@code v} at {@code at} (room for {@link #MAX_BYTES} needed) and returns the position after
     * it.
     *
     * @throws IllegalArgumentException if {@code v} is NaN or infinite (JSON has no such number)
     */
    static int write(double v, byte[] to, int at) {
        long bits = Double.doubleToRawLongBits(v);
        long fraction = bits & FRACTION_MASK;
        int biasedExponent = (int) (bits >>> SIGNIFICAND_BITS) & EXPONENT_MASK;
        if (biasedExponent == EXPONENT_MASK) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        if (bits < 0) {
            to[at++] = '-';
        }
        if (biasedExponent != 0) {
            int shift = -Q_MIN + 1 - biasedExponent; // v = significand * 2^-shift
            long significand = HIDDEN_BIT | fraction;
            if (0 < shift && shift <= SIGNIFICAND_BITS) {
                long integer = significand >> shift;
                if (integer << shift == significand) {
                    return layout(integer, 0, to, at); // a whole number below 2^53 is written exactly
                }
            }
            return shortest(-shift, significand, 0, to, at);
        }
        if (fraction != 0) { // subnormal
            return fraction < TINY_SIGNIFICAND
                    ? shortest(Q_MIN, 10 * fraction, -1, to, at)
                    : shortest(Q_MIN, fraction, 0, to, at);
        }
        to[at++] = '0';
        to[at++] = '.';
        to[at++] = '0';
        return at;
    }

    /**
     * The decimal for {@code c * 2^q}: the rounding interval's bounds and the value, times 4 and scaled
     * by 10^-k so that their integer parts are the candidate decimal significands, then the shorter
     * candidate (a multiple of ten) if just one of two lies inside the interval, else the one of
     * {@code s}, {@code s + 1} inside, else the closer.
     */
    private static int shortest(int q, long c, int extraExponent, byte[] to, int at) {
        int odd = (int) c & 1; // an odd significand's interval excludes its bounds (round half to even)
        long middle = c << 2;
        long upper = middle + 2;
        long lower;
        int k;
        if (c != HIDDEN_BIT || q == Q_MIN) {
            lower = middle - 2;
            k = floorLog10Pow2(q);
        } else { // at a power of two the double below is half as far as the one above
            lower = middle - 1;
            k = floorLog10ThreeQuartersPow2(q);
        }
        int h = q + floorLog2Pow10(-k) + 2;
        int i = 2 * (k - K_MIN);
        long g1 = POW10_NEGATIVE[i];
        long g0 = POW10_NEGATIVE[i + 1];
        long vb = roundedOddProduct(g1, g0, middle << h);
        long vbl = roundedOddProduct(g1, g0, lower << h);
        long vbr = roundedOddProduct(g1, g0, upper << h);

        long s = vb >> 2;
        if (s >= 100) {
            long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4); // s rounded down to tens
            long tp10 = sp10 + 10;
            boolean lowerIn = vbl + odd <= sp10 << 2;
            boolean upperIn = (tp10 << 2) + odd <= vbr;
            if (lowerIn != upperIn) {
                return layout(lowerIn ? sp10 : tp10, k, to, at);
            }
        }
        long t = s + 1;
        boolean lowerIn = vbl + odd <= s << 2;
        boolean upperIn = (t << 2) + odd <= vbr;
        if (lowerIn != upperIn) {
            return layout(lowerIn ? s : t, k + extraExponent, to, at);
        }
        long distance = vb - (s + t << 1); // < 0: closer to s; 0: a tie, the even one
        return layout(distance < 0 || distance == 0 && (s & 1) == 0 ? s : t, k + extraExponent, to, at);
    }

    /** The 64 high bits of g * cp / 2^63 (g = g1 * 2^63 + g0), with the lowest bit set if anything was cut. */
    private static long roundedOddProduct(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long high = y1 + (z >>> 63);
        return high | (z & Long.MAX_VALUE) + Long.MAX_VALUE >>> 63;
    }

    /** {@code digits * 10^exponent} (digits &gt; 0, at most 17 of them) in Double.toString's layout. */
    private static int layout(long digits, int exponent, byte[] to, int at) {
        while (digits % 10 == 0) {
            digits /= 10;
            exponent++;
        }
        int length = digitCount(digits);
        int leading = length + exponent - 1; // the decimal exponent of the first digit
        if (0 <= leading && leading < 7) {
            if (exponent >= 0) { // a whole number: its digits, its zeros, ".0"
                at = writeDigits(digits, length, to, at);
                for (int z = 0; z < exponent; z++) {
                    to[at++] = '0';
                }
                to[at++] = '.';
                to[at++] = '0';
                return at;
            }
            return writeWithPoint(digits, length, leading + 1, to, at);
        }
        if (-3 <= leading && leading < 0) { // 0.001 .. 0.999...
            to[at++] = '0';
            to[at++] = '.';
            for (int z = -1; z > leading; z--) {
                to[at++] = '0';
            }
            return writeDigits(digits, length, to, at);
        }
        if (length == 1) { // one digit, the point, at least one more: 1.0E7
            to[at++] = (byte) ('0' + digits);
            to[at++] = '.';
            to[at++] = '0';
        } else {
            at = writeWithPoint(digits, length, 1, to, at);
        }
        to[at++] = 'E';
        int e = leading;
        if (e < 0) {
            to[at++] = '-';
            e = -e;
        }
        return writeDigits(e, digitCount(e), to, at);
    }

    /** The digits with a point after the first {@code before} of them (fewer than {@code length}). */
    private static int writeWithPoint(long digits, int length, int before, byte[] to, int at) {
        long scale = POW10[length - before];
        long high = digits / scale;
        at = writeDigits(high, before, to, at);
        to[at++] = '.';
        return writeDigits(digits - high * scale, length - before, to, at);
    }

    /**
     * Exactly {@code count} digits of {@code value} &gt;= 0 (zero-padded on the left), right to left:
     * eight digits at a time cut off with one long division while the value needs a long, then
     * two at a time in int arithmetic, which is cheaper.
     */
    static int writeDigits(long value, int count, byte[] to, int at) {
        int end = at + count;
        int i = end;
        while (value > Integer.MAX_VALUE) {
            long high = value / 100_000_000;
            int low = (int) (value - high * 100_000_000);
            for (int pairs = 0; pairs < 4; pairs++) {
                int rest = low / 100;
                int pair = low - rest * 100;
                low = rest;
                to[--i] = ONES[pair];
                to[--i] = TENS[pair];
            }
            value = high;
        }
        int v = (int) value;
        while (i - at >= 2) {
            int rest = v / 100;
            int pair = v - rest * 100;
            v = rest;
            to[--i] = ONES[pair];
            to[--i] = TENS[pair];
        }
        if (i > at) {
            to[--i] = (byte) ('0' + v);
        }
        return end;
    }

    /** The number of decimal digits of {@code value} &gt; 0. */
    static int digitCount(long value) {
        int n = floorLog10Pow2(Long.SIZE - Long.numberOfLeadingZeros(value));
        return value >= POW10[n] ? n + 1 : n;
    }

    /** floor(e * log10(2)), exact over every exponent a double has. */
    private static int floorLog10Pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** floor(e * log10(2) + log10(3/4)), exact likewise: the interval of a power of two is narrower below it. */
    private static int floorLog10ThreeQuartersPow2(int e) {
        return (int) (e * 661_971_961_083L + -274_743_187_321L >> 41);
    }

    /** floor(e * log2(10)), exact over every decimal exponent a double has. */
    private static int floorLog2Pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    /**
     * For each k: g = floor(10^-k * 2^-r) + 1 with r chosen so that 2^125 &lt;= g &lt; 2^126 (r =
     * floorLog2Pow10(-k) - 125), split into two 63-bit halves. Computed once, exactly, with BigInteger.
     */
    private static long[] pow10NegativeTable() {
        long[] table = new long[2 * (K_MAX - K_MIN + 1)];
        BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
        for (int k = K_MIN; k <= K_MAX; k++) {
            int r = floorLog2Pow10(-k) - 125;
            BigInteger numerator = k <= 0 ? BigInteger.TEN.pow(-k) : BigInteger.ONE;
            BigInteger denominator = k <= 0 ? BigInteger.ONE : BigInteger.TEN.pow(k);
            if (r < 0) {
                numerator = numerator.shiftLeft(-r);
            } else {
                denominator = denominator.shiftLeft(r);
            }
            BigInteger g = numerator.divide(denominator).add(BigInteger.ONE);
            int i = 2 * (k - K_MIN);
            table[i] = g.shiftRight(63).longValueExact();
            table[i + 1] = g.and(mask63).longValueExact();
        }
        return table;
    }
}
