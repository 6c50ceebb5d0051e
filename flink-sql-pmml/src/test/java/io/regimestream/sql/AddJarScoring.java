package io.regimestream.sql;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Run by {@link ProviderJarIT} in a JVM whose class path has Flink but not the provider: adds the
 * provider jar with {@code ADD JAR}, as a SQL session on a cluster would, and prints each row.
 * Arguments: the provider jar, the model URI, temperatures.
 */
public final class AddJarScoring {

    public static void main(String[] args) throws Exception {
        try {
            Class.forName("io.regimestream.sql.PmmlModelProviderFactory");
            throw new IllegalStateException("the provider is on the class path: this run would prove nothing");
        } catch (ClassNotFoundException expected) {
            // as on a cluster without the jar in lib/
        }
        TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tableEnv.executeSql("ADD JAR '" + args[0] + "'");
        StringBuilder values = new StringBuilder();
        for (int i = 2; i < args.length; i++) {
            values.append(i > 2 ? ", " : "").append("(CAST(").append(args[i]).append(" AS DOUBLE))");
        }
        tableEnv.executeSql(
                "CREATE TEMPORARY VIEW readings AS SELECT * FROM (VALUES " + values + ") AS v(temperature)");
        tableEnv.executeSql(
                "CREATE MODEL regime_model INPUT (temperature DOUBLE) OUTPUT (regime INT, probability0 DOUBLE) "
                        + "WITH ('provider' = 'pmml', 'path' = '" + args[1] + "')");
        try (CloseableIterator<Row> rows = tableEnv.executeSql(
                        "SELECT temperature, regime, probability0 FROM ML_PREDICT(TABLE readings, MODEL regime_model, DESCRIPTOR(temperature))")
                .collect()) {
            rows.forEachRemaining(row -> System.out.println("SCORED " + row.getField(0) + " " + row.getField(1) + " "
                    + Double.doubleToRawLongBits((Double) row.getField(2))));
        }
    }
}
