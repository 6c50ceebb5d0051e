package io.regimestream.localservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** bin/spark-cluster's commands on a real cluster: start (Master and Worker processes), status, spark-submit, stop. */
class SparkClusterCommandIT {

    @TempDir
    Path home;

    @Test
    void startStatusSubmitAndStopAsSeparateCommands() {
        String[] ports = {
            "--master-port", String.valueOf(FreePorts.find()),
            "--web-port", String.valueOf(FreePorts.find()),
            "--worker-web-port", String.valueOf(FreePorts.find())
        };
        try {
            Run start = run(with(List.of("start", "--home", home.toString()), ports));
            assertThat(start.exitCode()).as(start.err()).isZero();
            assertThat(start.out()).contains("Spark standalone cluster running: master spark://127.0.0.1:" + ports[1]);

            Run again = run(with(List.of("start", "--home", home.toString()), ports));
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).contains("may still run: `bin/spark-cluster stop` first");

            Run status = run("status", "--home", home.toString());
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).contains("(ALIVE): 1 worker(s) alive, 0/1 cores in use");

            Run version = run("spark-submit", "--home", home.toString(), "--", "--version");
            assertThat(version.exitCode()).isZero();
        } finally {
            Run stop = run("stop", "--home", home.toString());
            assertThat(stop.out()).contains("stopped 2 Spark process(es)");
        }
        Run status = run("status", "--home", home.toString());
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.out()).contains("no cluster answers at", "bin/spark-cluster start");
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = SparkClusterCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static String[] with(List<String> first, String[] more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
