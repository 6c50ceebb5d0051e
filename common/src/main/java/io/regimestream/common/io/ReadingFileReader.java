package io.regimestream.common.io;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.Reading;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads readings from a file, the same way for training and the producer's replay: JSON lines
 * (one reading per line, as the codec parses them, so the {@code {"Temperature": 57}}
 * lines of <a href="https://datasciencechalktalk.com/2019/07/17/streaming-analysis-with-kafka-influxdb-and-grafana/">the article</a> work) or CSV with a header whose temperature column is found case-insensitively, with optional
 * machine id and timestamp columns. The format is chosen by the first non-blank character
 * ({@code {} means JSON lines). Errors name the file and the line.
 */
public final class ReadingFileReader {

    /** One problem with one line; {@code line} is 1-based. */
    public record BadLine(Path file, long line, String problem) {
        public String message() {
            return file + ":" + line + ": " + problem;
        }
    }

    /** Receives each good reading with its 1-based line number. */
    public interface ReadingSink {
        void accept(Reading reading, long line) throws Exception;
    }

    private ReadingFileReader() {}

    /** Reads the whole file; the first bad line fails it with a {@link ReadingFileException}. */
    public static List<Reading> readAll(Path file) throws ReadingFileException {
        List<Reading> readings = new ArrayList<>();
        read(file, (r, line) -> readings.add(r), bad -> {
            throw new ReadingFileException(bad.message());
        });
        return readings;
    }

    /**
     * Streams the file's readings to {@code sink}. Bad lines go to {@code onBadLine}, which may
     * throw {@link ReadingFileException} to stop or return to skip the line.
     */
    public static void read(Path file, ReadingSink sink, BadLineHandler onBadLine) throws ReadingFileException {
        if (!Files.exists(file)) {
            throw new ReadingFileException(file + ": no such file");
        }
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new ReadingFileException(file + ": not a readable file");
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.mark(1 << 16);
            int first;
            do {
                first = in.read();
            } while (first == ' ' || first == '\t' || first == '\n' || first == '\r' || first == '\uFEFF');
            in.reset();
            if (first == -1) {
                throw new ReadingFileException(file + ": the file is empty");
            }
            if (first == '{') {
                readJsonLines(file, in, sink, onBadLine);
            } else {
                readCsv(file, in, sink, onBadLine);
            }
        } catch (NoSuchFileException e) {
            throw new ReadingFileException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ReadingFileException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ReadingFileException(file + ": cannot be read: " + e.getMessage());
        } catch (ReadingFileException e) {
            throw e;
        } catch (Exception e) {
            throw new ReadingFileException(file + ": " + e.getMessage());
        }
    }

    /** Decides what happens to a bad line: throw to stop, return to skip it. */
    public interface BadLineHandler {
        void onBadLine(BadLine bad) throws ReadingFileException;
    }

    private static void readJsonLines(Path file, BufferedReader in, ReadingSink sink, BadLineHandler onBadLine)
            throws Exception {
        String text;
        long line = 0;
        while ((text = in.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            try {
                sink.accept(ReadingCodec.fromJson(text.strip(), Reading.NO_TIMESTAMP), line);
            } catch (InvalidRecordException e) {
                onBadLine.onBadLine(new BadLine(file, line, e.getMessage()));
            }
        }
    }

    private static void readCsv(Path file, BufferedReader in, ReadingSink sink, BadLineHandler onBadLine)
            throws Exception {
        String header = in.readLine();
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        String[] columns = header.split(",", -1);
        int temperature = -1, machine = -1, timestamp = -1;
        for (int i = 0; i < columns.length; i++) {
            switch (unquote(columns[i]).toLowerCase(Locale.ROOT)) {
                case "temperature" -> temperature = i;
                case "machineid", "machine_id", "machine" -> machine = i;
                case "timestamp", "time", "ts" -> timestamp = i;
                default -> {}
            }
        }
        if (temperature < 0) {
            throw new ReadingFileException(file + ":1: no temperature column in the header \"" + header
                    + "\" (expected a column named temperature, in any letter case)");
        }
        String text;
        long line = 1;
        while ((text = in.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            String[] cells = text.split(",", -1);
            if (cells.length <= temperature) {
                onBadLine.onBadLine(
                        new BadLine(file, line, "has " + cells.length + " columns, the header has " + columns.length));
                continue;
            }
            String cell = unquote(cells[temperature]);
            double value;
            try {
                value = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                onBadLine.onBadLine(new BadLine(file, line, "temperature \"" + cell + "\" is not a number"));
                continue;
            }
            if (!Double.isFinite(value)) {
                onBadLine.onBadLine(new BadLine(file, line, "temperature \"" + cell + "\" is not finite"));
                continue;
            }
            String id = machine >= 0 && cells.length > machine ? unquote(cells[machine]) : "";
            long ts = Reading.NO_TIMESTAMP;
            if (timestamp >= 0
                    && cells.length > timestamp
                    && !unquote(cells[timestamp]).isEmpty()) {
                String t = unquote(cells[timestamp]);
                try {
                    ts = ReadingCodec.fromJson(
                                    "{\"timestamp\":" + (isNumber(t) ? t : "\"" + t + "\"") + ",\"temperature\":0}",
                                    Reading.NO_TIMESTAMP)
                            .timestamp();
                } catch (InvalidRecordException e) {
                    onBadLine.onBadLine(new BadLine(file, line, e.getMessage()));
                    continue;
                }
            }
            sink.accept(new Reading(id.isEmpty() ? Reading.DEFAULT_MACHINE_ID : id, ts, value), line);
        }
    }

    private static boolean isNumber(String s) {
        return s.matches("-?\\d+(\\.\\d+)?");
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    /** Writes readings as JSON lines, the format {@link #read} reads back. */
    public static void writeJsonLines(Path file, Iterable<Reading> readings) throws IOException {
        try (var out = Files.newOutputStream(file)) {
            for (Reading r : readings) {
                out.write(ReadingCodec.toJson(r));
                out.write('\n');
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
