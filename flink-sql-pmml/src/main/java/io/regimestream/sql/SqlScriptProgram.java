package io.regimestream.sql;

import picocli.CommandLine;

/**
 * A SQL script as a Flink program, for a cluster without {@code sql-client.sh}:
 * {@code flink run flink-sql-script.jar sql/regimes.sql --set NAME=VALUE ...} (or the web UI's jar
 * upload) plans the script where the program runs and submits its INSERT to that cluster, then
 * returns. Its jar holds only the script runner: the {@code pmml} provider, the model code and
 * the Kafka SQL connector come from the cluster's {@code lib/}.
 */
public final class SqlScriptProgram {

    private SqlScriptProgram() {}

    public static void main(String[] args) {
        int exitCode = new CommandLine(new SqlScriptRunner(false))
                .setCommandName("flink run flink-sql-script.jar")
                .execute(args);
        if (exitCode != 0) {
            // Never System.exit: submitted through the web UI, this main runs inside the JobManager.
            throw new IllegalStateException(
                    "the SQL script was not submitted (exit code " + exitCode + "; the reason is printed above)");
        }
    }
}
