package io.regimestream.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations the way people type them: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms},
 * {@code 2d}, a bare number of seconds ({@code 45}, {@code 1.5}), or ISO-8601 ({@code PT30S}).
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern SIMPLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** @throws TypeConversionException with the accepted forms when {@code value} is none of them */
    public static Duration parse(String value) {
        String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (NUMBER.matcher(text).matches()) {
            return ofSeconds(Double.parseDouble(text), value);
        }
        if (SIMPLE.matcher(text).matches()) {
            Duration total = Duration.ZERO;
            Matcher m = PART.matcher(text);
            while (m.find()) {
                double amount = Double.parseDouble(m.group(1));
                double seconds = switch (m.group(2)) {
                    case "ms" -> amount / 1000;
                    case "s" -> amount;
                    case "m" -> amount * 60;
                    case "h" -> amount * 3600;
                    default -> amount * 86400;
                };
                total = total.plus(ofSeconds(seconds, value));
            }
            return total;
        }
        if (text.startsWith("pt") || text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                // fall through to the common message
            }
        }
        throw new TypeConversionException("'" + value + "' is not a duration: use e.g. 30s, 5m, 1h30m, 500ms, 2d,"
                + " a number of seconds, or ISO-8601 like PT30S");
    }

    private static Duration ofSeconds(double seconds, String original) {
        if (seconds > Long.MAX_VALUE / 1_000_000_000.0) {
            throw new TypeConversionException("'" + original + "' is too long a duration");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
