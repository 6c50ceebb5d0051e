package io.regimestream.localservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the {@code jars/} of a Spark distribution is: the jars the {@code spark-dist} module copies
 * from Maven Central into {@code spark-dist/target/spark-dist/jars} at build time (Spark's tarball
 * is not on Maven Central). {@code -Dspark.dist.jars} or {@code SPARK_DIST_JARS} point elsewhere,
 * e.g. at the {@code jars/} of an unpacked Spark 4.0 distribution.
 */
public final class SparkDistribution {

    static final String RELATIVE_JARS = "spark-dist/target/spark-dist/jars";

    private SparkDistribution() {}

    /** The jars folder, found from the property, the variable, or the working folder and its parents. */
    public static Path jars() {
        return BuildFolders.find("spark.dist.jars", "SPARK_DIST_JARS", RELATIVE_JARS)
                .map(SparkDistribution::requireSparkCore)
                .orElseThrow(() -> new IllegalStateException("no Spark jars/ found (" + RELATIVE_JARS
                        + " in this folder or above): build it with `./mvnw -B -pl spark-dist package`, "
                        + "or set -Dspark.dist.jars / SPARK_DIST_JARS to a Spark distribution's jars/"));
    }

    private static Path requireSparkCore(Path jars) {
        try (Stream<Path> files = Files.list(jars)) {
            if (files.noneMatch(p -> p.getFileName().toString().startsWith("spark-core_"))) {
                throw new IllegalStateException(
                        jars + " holds no spark-core jar: build it with `./mvnw -B -pl spark-dist package`");
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + jars, e);
        }
    }
}
