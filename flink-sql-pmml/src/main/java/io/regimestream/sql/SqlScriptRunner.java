package io.regimestream.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/sql}: runs a SQL script (e.g. sql/regimes.sql) in a local MiniCluster until its job
 * ends or Ctrl-C. Submitted to a cluster as {@link SqlScriptProgram}, the same options plan the
 * script there and it returns once the job is submitted, as {@code sql-client.sh -f} does.
 */
@Command(
        name = "bin/sql",
        mixinStandardHelpOptions = true,
        description = "Runs a Flink SQL script as sql-client.sh -f does: bin/sql in a local Flink MiniCluster, "
                + "flink-sql-script.jar on the cluster it is submitted to.")
public final class SqlScriptRunner implements Callable<Integer> {

    /** A local MiniCluster lives only as long as this JVM waits; a cluster's job does not need it to. */
    private final boolean waitForJob;

    @Parameters(index = "0", paramLabel = "SCRIPT", description = "The SQL file, e.g. sql/regimes.sql.")
    private Path script;

    @Option(
            names = "--set",
            paramLabel = "NAME=VALUE",
            description =
                    "Value of a $${NAME} placeholder in the script; otherwise the environment variable NAME is used.")
    private Map<String, String> values = new LinkedHashMap<>();

    public SqlScriptRunner() {
        this(true);
    }

    SqlScriptRunner(boolean waitForJob) {
        this.waitForJob = waitForJob;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(script)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "no SQL script at " + script.toAbsolutePath());
        }
        SqlScript sql =
                SqlScript.parse(Files.readString(script), name -> values.getOrDefault(name, System.getenv(name)));
        TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        Optional<TableResult> job = sql.run(tableEnv);
        if (job.isPresent() && !waitForJob) {
            System.err.println(
                    "[sql-script] job " + job.get().getJobClient().orElseThrow().getJobID() + " submitted");
        } else if (job.isPresent()) {
            System.err.println(
                    "[bin/sql] job " + job.get().getJobClient().orElseThrow().getJobID() + " running; Ctrl-C stops it");
            job.get().await();
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SqlScriptRunner()).execute(args));
    }
}
