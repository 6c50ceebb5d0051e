package io.regimestream.job.reliability;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.regimestream.common.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one reliability run (records in and out, lost, duplicated, restarts, time to
 * recover), printed and written to {@code target/reliability/<scenario>.json}, where
 * docs/RELIABILITY.md takes its numbers from.
 */
final class ReliabilityReport {

    static final Path FOLDER = Path.of("target", "reliability");

    private final String scenario;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    private ReliabilityReport(String scenario) {
        this.scenario = scenario;
        figures.put("scenario", scenario);
    }

    static ReliabilityReport of(String scenario) {
        return new ReliabilityReport(scenario);
    }

    ReliabilityReport put(String figure, Object value) {
        figures.put(figure, value);
        return this;
    }

    /** Adds {@code <name>.in/.out/.lost/.duplicated/.unexpected} from a comparison. */
    ReliabilityReport delivery(String name, Delivery delivery) {
        figures.put(name + ".in", delivery.expected());
        figures.put(name + ".out", delivery.received());
        figures.put(name + ".lost", delivery.lost());
        figures.put(name + ".duplicated", delivery.duplicated());
        figures.put(name + ".unexpected", delivery.unexpected());
        return this;
    }

    static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    void write() {
        try {
            Files.createDirectories(FOLDER);
            byte[] json = Json.mapper()
                    .writer()
                    .with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(figures);
            Files.write(FOLDER.resolve(scenario + ".json"), json);
            System.out.println("[reliability] " + Json.mapper().writeValueAsString(figures));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reliability report of " + scenario, e);
        }
    }
}
