package io.regimestream.benchmarks.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.regimestream.common.codec.Json;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a run's results as one pretty-printed JSON file (records become objects; NaN stays NaN). */
public final class ResultFile {

    private ResultFile() {}

    static ObjectMapper mapper() {
        return Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static void write(Path file, Object report) throws IOException {
        mapper().writeValue(file.toFile(), report);
    }
}
