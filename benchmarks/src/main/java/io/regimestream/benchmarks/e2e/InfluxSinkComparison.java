package io.regimestream.benchmarks.e2e;

import io.regimestream.common.records.Prediction;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.records.ScoredReading;
import io.regimestream.job.sinks.InfluxSinks;
import io.regimestream.job.sinks.PredictionPoints;
import io.regimestream.localservices.InfluxDbServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's InfluxDB sink alone (a Flink job: generated predictions -> sink) against a plain bulk
 * writer (one thread POSTing batches of the same line protocol, same batch size) on the same influxd.
 */
final class InfluxSinkComparison {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkComparison.class);
    private static final int BATCH = 5000; // the sink's default maxBatchSize

    private final InfluxDbServer influx;

    InfluxSinkComparison(InfluxDbServer influx) {
        this.influx = influx;
    }

    Map<String, Object> run(int points) throws Exception {
        PredictionPoints converter = new PredictionPoints();
        double emptyJobSeconds = runJob(points, null);

        influx.createDatabase("bench_bulk");
        long t0 = System.nanoTime();
        bulkWrite(points, converter);
        double bulkSeconds = BenchCommand.seconds(t0);
        long bulkCount = InfluxCounts.points(influx, "bench_bulk");

        double sinkSeconds = runJob(points, new InfluxSettings(influx.url(), "bench_sink", null, null));
        long sinkCount = InfluxCounts.points(influx, "bench_sink");

        double bulkRate = bulkCount / bulkSeconds;
        double sinkRate = sinkCount / sinkSeconds;
        double sinkRateNet = sinkCount / Math.max(0.001, sinkSeconds - emptyJobSeconds);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("points", points);
        result.put(
                "bulkWriter",
                Map.of(
                        "points",
                        bulkCount,
                        "seconds",
                        bulkSeconds,
                        "pointsPerSecond",
                        bulkRate,
                        "description",
                        "one thread, POST /write of " + BATCH + " lines per request"));
        result.put(
                "influxDbSink",
                Map.of(
                        "points",
                        sinkCount,
                        "seconds",
                        sinkSeconds,
                        "pointsPerSecond",
                        sinkRate,
                        "description",
                        "Flink job, parallelism 1: fromSequence -> prediction -> InfluxDbSink (job defaults); net job run time"));
        result.put("sameJobWithDiscardingSinkSeconds", emptyJobSeconds);
        result.put("influxDbSinkPointsPerSecondWithoutJobShare", sinkRateNet);
        result.put("ratio", sinkRate / bulkRate);
        result.put("ratioWithoutJobShare", sinkRateNet / bulkRate);
        LOG.info(String.format(
                "InfluxDB: bulk writer %,.0f points/s, sink %,.0f points/s (%.2f x; %.2f x without the %.1f s the same job takes with a discarding sink)",
                bulkRate, sinkRate, sinkRate / bulkRate, sinkRateNet / bulkRate, emptyJobSeconds));
        return result;
    }

    /**
     * @param settings null: the same job with a discarding sink, to time the job's own share
     * @return the job's net run time in seconds (from running to finished, without MiniCluster start-up)
     */
    private static double runJob(int points, InfluxSettings settings) throws Exception {
        StreamExecutionEnvironment env = FlinkRuns.environment(1);
        var predictions = env.fromSequence(0, points - 1)
                .name("generated predictions")
                .uid("generated")
                .map(InfluxSinkComparison::scored)
                .returns(TypeInformation.of(new TypeHint<ScoredReading>() {}))
                .name("to prediction")
                .uid("to-prediction");
        if (settings == null) {
            predictions.sinkTo(new DiscardingSink<>()).name("discard").uid("discard");
        } else {
            predictions
                    .sinkTo(InfluxSinks.create(settings, new PredictionPoints()))
                    .name("InfluxDB")
                    .uid("influxdb");
        }
        return env.execute("bench influx sink").getNetRuntime() / 1000.0;
    }

    private void bulkWrite(int points, PredictionPoints converter) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create(influx.url() + "/write?db=" + URLEncoder.encode("bench_bulk", StandardCharsets.UTF_8));
        StringBuilder body = new StringBuilder(BATCH * 200);
        int inBody = 0;
        for (long i = 0; i < points; i++) {
            body.append(converter.toLineProtocol(scored(i))).append('\n');
            if (++inBody == BATCH || i == points - 1) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(uri)
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 204) {
                    throw new IllegalStateException(
                            "bulk write failed (" + response.statusCode() + "): " + response.body());
                }
                body.setLength(0);
                inBody = 0;
            }
        }
    }

    /** Prediction i: 16 machines, one reading per millisecond each, a plausible score. */
    static ScoredReading scored(long i) {
        long time = 1_790_000_000_000L + i / 16;
        double temperature = 40 + (i % 27);
        double[] probabilities = {0.01, 0.02, 0.95, 0.02};
        Prediction p =
                new Prediction("press-" + (i % 16), time, temperature, 2, 0.95, probabilities, "bench", time + 5);
        return new ScoredReading(p, (int) (i % 4), i);
    }
}
