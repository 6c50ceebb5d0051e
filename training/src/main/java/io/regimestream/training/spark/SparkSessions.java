package io.regimestream.training.spark;

import org.apache.spark.sql.SparkSession;

/** Builds the session: local mode inside the jar by default, the cluster's master under spark-submit. */
public final class SparkSessions {

    public static final String LOCAL_MASTER = "local[*]";

    private SparkSessions() {}

    /** @param master explicit master, or null to take spark-submit's (spark.master) or else local[*] */
    public static SparkSession create(String master) {
        String effective = master != null ? master : System.getProperty("spark.master", LOCAL_MASTER);
        SparkSession.Builder builder = SparkSession.builder()
                .appName("regime-stream training")
                .master(effective)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4");
        if (effective.startsWith("local")) {
            // Local runs talk to nothing but themselves: no host name lookups, no open ports outside.
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
