package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalParallelismTest {

    @ParameterizedTest
    @CsvSource({"1,1", "2,1", "3,2", "4,2", "8,4", "16,8"})
    void oneTaskPerTwoCores(int cores, int parallelism) {
        assertThat(LocalParallelism.forCores(cores)).isEqualTo(parallelism);
    }

    @Test
    void aLocalRunWithoutAConfiguredParallelismGetsOneTaskPerTwoCores() {
        assertThat(LocalJobRunner.createEnvironment(0, new Configuration()).getParallelism())
                .isEqualTo(LocalParallelism.here());
    }

    @Test
    void theConfigurationWins() {
        Configuration flink = new Configuration();
        flink.set(CoreOptions.DEFAULT_PARALLELISM, 3);

        assertThat(LocalJobRunner.createEnvironment(0, flink).getParallelism()).isEqualTo(3);
    }
}
