package io.regimestream.training.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

    @Test
    void projectDefaultsApplyWhereTheUserSetNothing() {
        assertThat(SparkSessions.defaultsNotSetBy(new Properties(), "local[*]"))
                .containsEntry("spark.ui.enabled", "false")
                .containsEntry("spark.sql.shuffle.partitions", "4")
                .containsEntry("spark.driver.host", "127.0.0.1")
                .containsEntry("spark.driver.bindAddress", "127.0.0.1");
    }

    @Test
    void aSettingFromSparkSubmitIsNeverOverridden() {
        Properties submitted = new Properties();
        submitted.setProperty("spark.sql.shuffle.partitions", "64");
        submitted.setProperty("spark.ui.enabled", "true");

        assertThat(SparkSessions.defaultsNotSetBy(submitted, "spark://127.0.0.1:7077"))
                .doesNotContainKeys("spark.sql.shuffle.partitions", "spark.ui.enabled");
    }

    @Test
    void aClusterDriverKeepsTheHostSparkSubmitGaveIt() {
        assertThat(SparkSessions.defaultsNotSetBy(new Properties(), "spark://127.0.0.1:7077"))
                .doesNotContainKeys("spark.driver.host", "spark.driver.bindAddress");
    }
}
