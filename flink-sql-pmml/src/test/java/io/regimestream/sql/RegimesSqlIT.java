package io.regimestream.sql;

import static io.regimestream.sql.SqlPipelineKafka.bits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.LocalFlinkConfiguration;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.StartingOffsets;
import io.regimestream.localservices.junit.KafkaBrokerExtension;
import io.regimestream.model.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * sql/regimes.sql as bin/sql runs it (SqlScript, Table API, Flink MiniCluster) against a real Kafka
 * broker (local-services, in-process KRaft), and the DataStream job on the same readings: every
 * reading gets the same regime, confidence and probabilities, to the bit, and the same version.
 */
class RegimesSqlIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(4)
                    .build());

    private static final int READINGS = 400;
    private static final String SQL_OUTPUT = "sql-regimes";
    private static final String JOB_OUTPUT = "job-regimes";

    private final SqlPipelineKafka kafka = new SqlPipelineKafka(KAFKA.broker());

    @Test
    void theSqlPipelinePredictsWhatTheDataStreamJobPredicts() throws Exception {
        KAFKA.broker().createTopic(PipelineDefaults.READINGS_TOPIC, 2);
        KAFKA.broker().createTopic(SQL_OUTPUT, 2);
        KAFKA.broker().createTopic(JOB_OUTPUT, 2);
        KAFKA.broker().createTopic("job-dlq", 1);
        List<Reading> readings = kafka.sendReadings(READINGS);
        Path model = TestModels.committed();

        SqlScript script = SqlScript.parse(
                Files.readString(Path.of("..", "sql", "regimes.sql")),
                Map.of(
                        "BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                        "MODEL_URI", model.toUri().toString(),
                        "OUTPUT_TOPIC", SQL_OUTPUT));
        TableResult sqlJob = script.run(TableEnvironment.create(EnvironmentSettings.inStreamingMode()))
                .orElseThrow();
        Map<String, Prediction> fromSql;
        try {
            fromSql = kafka.awaitPredictions(SQL_OUTPUT, READINGS);
            // The script's checkpoints commit the source's offsets (a restart resumes, not replays).
            await().atMost(Duration.ofMinutes(2))
                    .untilAsserted(() ->
                            assertThat(kafka.committedOffsets("regime-sql")).isEqualTo(READINGS));
        } finally {
            sqlJob.getJobClient().ifPresent(JobClient::cancel);
        }

        // The job with Flink's configuration as the project recommends it.
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(LocalFlinkConfiguration.recommended());
        env.setParallelism(2);
        JobConfig config = JobConfig.defaults(KAFKA.bootstrapServers())
                .withTopics(t -> t.withReadings(PipelineDefaults.READINGS_TOPIC)
                        .withPredictions(JOB_OUTPUT)
                        .withDeadLetters("job-dlq"))
                .withKafka(k -> k.withGroupId("it-job").withStartingOffsets(StartingOffsets.EARLIEST))
                .withModel(m -> m.withLocation(model.toString()))
                .withInflux(null)
                .withKafka(k -> k.withDelivery(DeliveryMode.AT_LEAST_ONCE));
        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.replay(config));
        env.execute("DataStream job on the same readings");
        Map<String, Prediction> fromJob = kafka.awaitPredictions(JOB_OUTPUT, READINGS);

        assertThat(fromSql.keySet())
                .isEqualTo(fromJob.keySet())
                .isEqualTo(readings.stream().map(SqlPipelineKafka::key).collect(Collectors.toSet()));
        for (Map.Entry<String, Prediction> entry : fromSql.entrySet()) {
            Prediction sql = entry.getValue();
            Prediction job = fromJob.get(entry.getKey());
            assertThat(sql.regime()).as(entry.getKey()).isEqualTo(job.regime());
            assertThat(bits(sql.confidence())).as(entry.getKey()).isEqualTo(bits(job.confidence()));
            assertThat(sql.probabilities()).hasSameSizeAs(job.probabilities());
            for (int i = 0; i < job.probabilities().length; i++) {
                assertThat(bits(sql.probabilities()[i]))
                        .as("%s probability%d", entry.getKey(), i)
                        .isEqualTo(bits(job.probabilities()[i]));
            }
            assertThat(sql.modelVersion()).isEqualTo(job.modelVersion()).isEqualTo(TestModels.versionOf(model));
        }
        // Not all one regime: the readings span the model's regimes.
        assertThat(fromSql.values().stream().map(Prediction::regime).distinct().count())
                .isGreaterThanOrEqualTo(3);
    }
}
