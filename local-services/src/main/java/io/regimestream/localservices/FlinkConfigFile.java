package io.regimestream.localservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flink {@code conf/config.yaml} as a person edits it: reading a top-level flat key ({@code
 * rest.port: 8081}) and setting some keys while every other line, comments included, stays as it
 * was. Nested YAML is left alone: only flat keys at the start of a line are read or replaced.
 */
final class FlinkConfigFile {

    private static final Pattern FLAT_KEY = Pattern.compile("^([A-Za-z0-9_.\\-$]+):(?:\\s+(.*?))?\\s*$");

    private final List<String> lines;

    private FlinkConfigFile(List<String> lines) {
        this.lines = new ArrayList<>(lines);
    }

    static FlinkConfigFile read(Path file) {
        try {
            return new FlinkConfigFile(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A new file: the header comment, then each setting on its own line. */
    static FlinkConfigFile of(String header, Map<String, String> settings) {
        FlinkConfigFile file = new FlinkConfigFile(header.lines().toList());
        file.set(settings);
        return file;
    }

    /** The value of a top-level flat key, unquoted; empty when the file does not set it. */
    Optional<String> get(String key) {
        for (String line : lines) {
            Matcher m = FLAT_KEY.matcher(line);
            if (m.matches() && m.group(1).equals(key) && m.group(2) != null) {
                return Optional.of(unquote(m.group(2)));
            }
        }
        return Optional.empty();
    }

    /** The top-level flat keys the file sets. */
    List<String> keys() {
        return lines.stream()
                .map(FLAT_KEY::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .toList();
    }

    /** Appends a line (e.g. a comment). */
    FlinkConfigFile append(String line) {
        lines.add(line);
        return this;
    }

    /** Appends every line of another file, as it is. */
    FlinkConfigFile append(FlinkConfigFile other) {
        lines.addAll(other.lines);
        return this;
    }

    /** Sets each key: its line is replaced where the file has one, appended otherwise. */
    FlinkConfigFile set(Map<String, String> settings) {
        Map<String, String> missing = new LinkedHashMap<>(settings);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FLAT_KEY.matcher(lines.get(i));
            if (m.matches() && settings.containsKey(m.group(1))) {
                lines.set(i, line(m.group(1), settings.get(m.group(1))));
                missing.remove(m.group(1));
            }
        }
        missing.forEach((key, value) -> lines.add(line(key, value)));
        return this;
    }

    void write(Path file) {
        try {
            Files.writeString(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String line(String key, String value) {
        return key + ": " + yamlValue(value);
    }

    private static String yamlValue(String value) {
        return value.matches("[A-Za-z0-9_./:\\-]+")
                ? value
                : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String unquote(String value) {
        String v = value.replaceFirst("\\s+#.*$", "");
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        return v;
    }
}
