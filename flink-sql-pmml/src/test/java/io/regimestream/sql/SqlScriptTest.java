package io.regimestream.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsStatementsDropsCommentsAndFillsPlaceholders() {
        SqlScript script = SqlScript.parse("""
                -- a comment with ${IGNORED} and a ; in it;
                CREATE TABLE t (a INT) WITH ('x' = '${X}', 'y' = 'a--b'); -- trailing
                INSERT INTO t
                SELECT 1;
                """, Map.of("X", "filled"));

        assertThat(script.statements())
                .containsExactly(
                        "CREATE TABLE t (a INT) WITH ('x' = 'filled', 'y' = 'a--b')", "INSERT INTO t\nSELECT 1");
    }

    @Test
    void namesEveryPlaceholderWithoutAValue() {
        assertThatThrownBy(() -> SqlScript.parse("SELECT '${A}', '${B}', '${A}';", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no value for A, B: set them with --set NAME=VALUE or as environment variables");
    }

    @Test
    void theRegimesScriptSetsCheckpointsAndHasItsTablesModelAndOneInsert() throws Exception {
        SqlScript script = SqlScript.parse(
                Files.readString(Path.of("..", "sql", "regimes.sql")),
                Map.of("BOOTSTRAP_SERVERS", "b:9092", "MODEL_URI", "file:///m/model.pmml", "OUTPUT_TOPIC", "out"));

        assertThat(script.statements()).hasSize(5);
        assertThat(script.statements().get(0)).startsWith("SET 'execution.checkpointing.interval'");
        assertThat(script.statements().get(2))
                .startsWith("CREATE MODEL regime_model")
                .contains("'path' = 'file:///m/model.pmml'");
        assertThat(script.statements().get(4))
                .startsWith("INSERT INTO predictions")
                .contains("ML_PREDICT");
        assertThat(String.join("\n", script.statements())).doesNotContain("${").doesNotContain("--");
    }
}
