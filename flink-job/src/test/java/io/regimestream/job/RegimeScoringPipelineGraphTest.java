package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.model.testing.TestModels;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The job's graph as Flink builds it, for every shape of the job: with generic types (Kryo) off
 * the stream graph with all its serializers still builds, and from the Kafka source to the sinks
 * it is one chained task (one JobGraph vertex), so no record crosses a network or a thread. With
 * InfluxDB on, the InfluxDB writer is a second task with no connection to the first. And building
 * it changes none of Flink's settings: they are the cluster's.
 */
class RegimeScoringPipelineGraphTest {

    @ParameterizedTest(name = "influxdb={0}, bounded={1}, {2}")
    @CsvSource({
        "false,false,EXACTLY_ONCE",
        "true,false,EXACTLY_ONCE",
        "false,true,EXACTLY_ONCE",
        "true,true,EXACTLY_ONCE",
        "true,false,AT_LEAST_ONCE"
    })
    void everyShapeOfTheJobScoresInOneChainedTaskWithoutGenericTypes(
            boolean influx, boolean bounded, DeliveryMode delivery) {
        JobConfig config = JobConfig.defaults("127.0.0.1:1")
                .withModel(m -> m.withLocation(TestModels.committed().toString()))
                .withInflux(influx ? new InfluxSettings("http://127.0.0.1:1", "regimes", null, null) : null)
                .withKafka(k -> k.withDelivery(delivery));
        // No Kryo: with generic types off, a generic type anywhere in the job fails the graph below.
        Configuration flink = TestFlink.settings();
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        RegimeScoringPipeline.build(env, config, bounded ? KafkaPipelineIo.replay(config) : KafkaPipelineIo.of(config));

        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled())
                .isTrue();
        // Creating the stream graph creates every operator's serializers: a generic type would throw here.
        JobGraph graph = env.getStreamGraph().getJobGraph();

        List<JobVertex> vertices =
                StreamSupport.stream(graph.getVertices().spliterator(), false).toList();
        assertThat(vertices)
                .as("JobGraph vertices (tasks): scoring, and the InfluxDB writer apart from it")
                .hasSize(influx ? 2 : 1);
        JobVertex scoring = vertices.stream()
                .filter(v -> v.getName()
                        .startsWith("Source: Kafka: " + config.topics().readings()))
                .findFirst()
                .orElseThrow();
        assertThat(scoring.getName())
                .contains("Score regime (PMML), detect regime changes")
                .contains("Kafka: " + config.topics().predictions());
        assertThat(scoring.getParallelism()).isEqualTo(2);
        if (influx) {
            String topic = config.influx().pointsTopic();
            assertThat(scoring.getName())
                    .as("the points leave the scoring task for Kafka, not for InfluxDB")
                    .contains("InfluxDB points as line protocol")
                    .contains("Kafka: " + topic)
                    .doesNotContain("Source: InfluxDB");
            JobVertex writer =
                    vertices.stream().filter(v -> v != scoring).findFirst().orElseThrow();
            assertThat(writer.getName()).startsWith("Source: InfluxDB: regimes (from Kafka: " + topic + ")");
            assertThat(writer.getParallelism()).isEqualTo(1);
            assertThat(graph.getVertices())
                    .as("no edge between them: nothing of the writer can hold the scoring back")
                    .allSatisfy(v -> assertThat(v.getInputs()).isEmpty());
        }
    }

    @Test
    void buildingTheJobChangesNoneOfFlinksSettings() {
        JobConfig config = JobConfig.defaults("127.0.0.1:1")
                .withModel(m -> m.withLocation(TestModels.committed().toString()))
                .withKafka(k -> k.withDelivery(DeliveryMode.AT_LEAST_ONCE));
        Configuration given = new Configuration();
        given.setString("pipeline.object-reuse", "false");
        given.setString("restart-strategy.type", "fixed-delay");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(given);
        Map<String, String> before =
                new TreeMap<>(Configuration.fromMap(((Configuration) env.getConfiguration()).toMap())
                        .toMap());

        RegimeScoringPipeline.build(env, config, KafkaPipelineIo.of(config));

        assertThat(new TreeMap<>(((Configuration) env.getConfiguration()).toMap()))
                .isEqualTo(before);
        assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isFalse();
        assertThat(env.getConfig().isObjectReuseEnabled()).isFalse();
        assertThat(env.getStreamGraph().getJobConfiguration().toMap())
                .as("what the job graph carries to the cluster")
                .doesNotContainKeys("execution.checkpointing.interval", "execution.buffer-timeout.interval")
                .containsEntry("pipeline.object-reuse", "false")
                .containsEntry("restart-strategy.type", "fixed-delay");
    }

    @Test
    void theOperatorsOutputIsAFlinkPojo() {
        assertThat(TypeInformation.of(JobOutput.class)).isInstanceOf(PojoTypeInfo.class);
    }
}
