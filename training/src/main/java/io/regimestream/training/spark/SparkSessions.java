package io.regimestream.training.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/** Builds the session: local mode inside the jar by default, the cluster's master under spark-submit. */
public final class SparkSessions {

    public static final String LOCAL_MASTER = "local[*]";

    private SparkSessions() {}

    /** @param master explicit master, or null to take spark-submit's (spark.master) or else local[*] */
    public static SparkSession create(String master) {
        String effective = master != null ? master : System.getProperty("spark.master", LOCAL_MASTER);
        SparkSession.Builder builder =
                SparkSession.builder().appName("regime-stream training").master(effective);
        defaultsNotSetBy(System.getProperties(), effective).forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /**
     * The project's settings that the user did not set: spark-submit's {@code --conf} and
     * {@code spark-defaults.conf} reach the driver as {@code spark.*} system properties, and a
     * builder's {@code config} would override them, so the user's value wins here by leaving ours out.
     */
    static Map<String, String> defaultsNotSetBy(Properties userSettings, String master) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("spark.ui.enabled", "false");
        defaults.put("spark.sql.shuffle.partitions", "4");
        if (master.startsWith("local")) {
            // Local runs talk to nothing but themselves: no host name lookups, no open ports outside.
            defaults.put("spark.driver.host", "127.0.0.1");
            defaults.put("spark.driver.bindAddress", "127.0.0.1");
        }
        defaults.keySet().removeIf(userSettings::containsKey);
        return defaults;
    }
}
