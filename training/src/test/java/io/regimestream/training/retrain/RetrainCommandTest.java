package io.regimestream.training.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.signing.SigningKeys;
import io.regimestream.training.TrainCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code training retrain}'s command line: what it refuses before it connects to anything. */
class RetrainCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TrainCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsTheRetrainOptionsAndTheTrainingOnes() {
        assertThat(run("retrain", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--once",
                        "--readings-topic",
                        "--drift-topic",
                        "--persist",
                        "--window",
                        "--window-readings",
                        "--min-readings",
                        "--retry-after",
                        "--min-temperature",
                        "--max-temperature",
                        "--work-dir",
                        "--job-model",
                        "--k-min",
                        "--layers",
                        "--signing-key",
                        "--model-topic",
                        "--bootstrap-servers")
                .contains("15m", "Default: 30m", "Default: 50000");
        out.getBuffer().setLength(0);
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("retrain");
    }

    @Test
    void withoutASigningKeyItRefusesToStart() {
        assertThat(run("retrain", "--bootstrap-servers", "127.0.0.1:1", "--work-dir", tmp.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("retrain needs --signing-key");
        assertThat(tmp.resolve("state.json")).doesNotExist();
    }

    @Test
    void aSigningKeyThatIsNoKeyIsRefusedBeforeAnyConnection() throws Exception {
        Path notAKey = Files.writeString(tmp.resolve("key.pem"), "hello");
        assertThat(run(
                        "retrain",
                        "--signing-key",
                        notAKey.toString(),
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--work-dir",
                        tmp.resolve("w").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).startsWith("error: --signing-key: ").doesNotContain("\tat ");
    }

    @Test
    void badWindowOptionsAreUsageErrors() throws Exception {
        SigningKeys.generate(tmp.resolve("keys"));
        String key = tmp.resolve("keys").resolve(SigningKeys.PRIVATE_KEY_FILE).toString();
        assertInvalid("--min-readings must be at least 100", "retrain", "--signing-key", key, "--min-readings", "10");
        assertInvalid(
                "--min-readings (5000) must not be above --window-readings (2000)",
                "retrain",
                "--signing-key",
                key,
                "--min-readings",
                "5000",
                "--window-readings",
                "2000");
        assertInvalid(
                "--min-temperature (80.0) must not be above --max-temperature (70.0)",
                "retrain",
                "--signing-key",
                key,
                "--min-temperature",
                "80",
                "--max-temperature",
                "70");
        assertInvalid("--persist must be longer than 0", "retrain", "--signing-key", key, "--persist", "0s");
        assertInvalid("is not a duration", "retrain", "--signing-key", key, "--window", "soon");
        assertInvalid("--k-min must be at least 2", "retrain", "--signing-key", key, "--k-min", "1");
        assertInvalid("retrain needs --signing-key", "retrain", "--signing-key-id", "abc");
    }

    private void assertInvalid(String message, String... args) {
        err.getBuffer().setLength(0);
        assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }
}
