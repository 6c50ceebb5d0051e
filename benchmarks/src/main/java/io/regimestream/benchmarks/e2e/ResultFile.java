package io.regimestream.benchmarks.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.regimestream.common.codec.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a run's results as one pretty-printed JSON file (records become objects; NaN stays NaN). */
public final class ResultFile {

    private ResultFile() {}

    static ObjectMapper mapper() {
        return Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * The first entries of every result file: the command line, when, which checkout, on what machine
     * and how busy it was, so that two files can be compared without guessing.
     */
    public static Map<String, Object> header(String command) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", Instant.now().toString());
        report.put("command", command);
        report.put("revision", MachineInfo.gitRevision());
        report.put("machine", MachineInfo.describe());
        report.put("loadAverageAtStart", MachineInfo.loadAverage());
        return report;
    }

    public static void write(Path file, Object report) throws IOException {
        mapper().writeValue(file.toFile(), report);
    }
}
