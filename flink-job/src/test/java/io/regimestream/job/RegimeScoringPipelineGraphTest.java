package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.job.config.DeliveryMode;
import io.regimestream.job.config.InfluxSettings;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.records.JobOutput;
import io.regimestream.model.testing.TestModels;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The job's graph as Flink builds it, for every shape of the job: generic types (Kryo) are off and
 * the stream graph with all its serializers still builds, and from the Kafka source to the sinks
 * it is one chained task (one JobGraph vertex), so no record crosses a network or a thread. With
 * InfluxDB on, the InfluxDB writer is a second task with no connection to the first.
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
                .withKafka(k -> k.withDelivery(delivery))
                .withFlink(f -> f.withParallelism(2));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RegimeScoringPipeline.build(env, config, bounded ? KafkaPipelineIo.replay(config) : KafkaPipelineIo.of(config));

        assertThat(env.getConfiguration().get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled())
                .isTrue();
        assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
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
    void theOperatorsOutputIsAFlinkPojo() {
        assertThat(TypeInformation.of(JobOutput.class)).isInstanceOf(PojoTypeInfo.class);
    }
}
