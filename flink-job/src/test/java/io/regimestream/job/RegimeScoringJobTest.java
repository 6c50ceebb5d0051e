package io.regimestream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.model.testing.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.client.program.ProgramParametrizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flink run} / {@code bin/job} refuse a bad model before submitting anything, in one line. */
class RegimeScoringJobTest {

    @TempDir
    Path dir;

    @Test
    void aMissingModelFailsFastWithItsPath() {
        String missing = dir.resolve("no-such/model.pmml").toString();
        Result result = run("--model", missing);

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.errors)
                .startsWith("error: model " + missing + ": file not found")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void aCorruptModelFailsFastSayingItIsNotPmml() throws Exception {
        Path model = TestModels.standIn(dir);
        Files.writeString(model, "<PMML xmlns=\"http://www.dmg.org/PMML-4_4\"><Header>");
        Result result = run("--model", model.toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.errors)
                .contains(model.toString())
                .contains("is not a valid PMML document")
                .doesNotContain("\tat ");
    }

    @Test
    void aBadOptionValueIsNamed() {
        Result result = run("--delivery", "maybe");
        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.errors).contains("exactly-once or at-least-once");
    }

    @Test
    void mainThrowsTheOneLineInsteadOfExitingSoAJobManagerRunningItSurvives() {
        String missing = dir.resolve("no-such/model.pmml").toString();
        assertThatThrownBy(() -> RegimeScoringJob.main(new String[] {
                    "--bootstrap-servers", "127.0.0.1:1", "--model", missing, "--allow-unsigned-models"
                }))
                .isInstanceOf(ProgramParametrizationException.class)
                .hasMessageStartingWith("error: model " + missing + ": file not found")
                .hasMessageNotContaining("\n");
    }

    @Test
    void withoutAPublicKeyTheJobRefusesToStartSayingHowToGetOneOrToAllowUnsignedModels() {
        assertThatThrownBy(() -> RegimeScoringJob.main(new String[] {"--bootstrap-servers", "127.0.0.1:1"}))
                .isInstanceOf(ProgramParametrizationException.class)
                .hasMessageStartingWith("error: the job accepts only signed model announcements")
                .hasMessageContaining("--model-public-key FILE", "--generate-signing-key", "--allow-unsigned-models")
                .hasMessageNotContaining("\n");
    }

    @Test
    void mainNamesAnUnknownOptionInOneLine() {
        assertThatThrownBy(() -> RegimeScoringJob.main(new String[] {"--no-such-option"}))
                .isInstanceOf(ProgramParametrizationException.class)
                .hasMessage("error: Unknown option: '--no-such-option' (--help lists every option)");
    }

    private record Result(int exitCode, String errors) {}

    private static Result run(String... args) {
        StringWriter errors = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "--bootstrap-servers";
        all[1] = "127.0.0.1:1";
        all[2] = "--allow-unsigned-models";
        System.arraycopy(args, 0, all, 3, args.length);
        int code = RegimeScoringJob.run(all, new RegimeScoringJob(), new PrintWriter(errors, true));
        return new Result(code, errors.toString());
    }
}
