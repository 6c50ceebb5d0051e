package io.regimestream.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * Flink's configuration for a run of the job outside a cluster ({@code bin/job}, the demo, the
 * tests, the benchmarks), read as a Flink distribution reads its own: {@code config.yaml} of a
 * configuration directory, then {@code -D KEY=VALUE} settings on top. The directory is
 * {@code FLINK_CONF_DIR} when set (as for Flink's own scripts), else the project's
 * {@code flink-job/conf}, whose {@code config.yaml} holds the settings the project recommends for
 * the job (checkpointing, restarts, object reuse, ...): the same file {@code bin/cluster},
 * docker-compose and Kubernetes take theirs from. The job itself sets none of them.
 */
public final class LocalFlinkConfiguration {

    /** Where the project keeps its recommended Flink settings, relative to the repository root. */
    public static final String PROJECT_CONF_DIR = "flink-job/conf";

    private LocalFlinkConfiguration() {}

    /** The folder of the project where {@code bin/job} keeps checkpoints and savepoints unless told otherwise. */
    public static final String LOCAL_STATE_DIR = "local-state";

    /**
     * {@code config.yaml} of {@link #confDir()} with {@code overrides} on top, and checkpoints and
     * savepoints in folders of {@code stateDir} ({@code checkpoints/}, {@code savepoints/}, created
     * now) unless the two name their own ({@code execution.checkpointing.dir},
     * {@code execution.checkpointing.savepoint-dir}). Without a checkpoint directory Flink keeps
     * checkpoints in the JobManager's memory: at most 5 MB per task, gone with the process.
     *
     * @throws IllegalArgumentException when there is no configuration directory, or a folder cannot be created
     */
    public static Configuration load(Map<String, String> overrides, Path stateDir) {
        Configuration conf = GlobalConfiguration.loadConfiguration(
                confDir().toString(), Configuration.fromMap(overrides == null ? Map.of() : overrides));
        if (!conf.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, folder(stateDir.resolve("checkpoints")));
        }
        if (!conf.contains(CheckpointingOptions.SAVEPOINT_DIRECTORY)) {
            conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, folder(stateDir.resolve("savepoints")));
        }
        return conf;
    }

    /** Where checkpoints and savepoints of {@code conf} go, for the line a local run prints at start. */
    public static String describeState(Configuration conf) {
        return "checkpoints " + conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                + " (a folder per job), savepoints " + conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY);
    }

    /** The project's {@value #LOCAL_STATE_DIR} folder; outside the project, one in the temp folder. */
    public static Path defaultStateDir() {
        try {
            return projectConfDir().getParent().getParent().resolve(LOCAL_STATE_DIR);
        } catch (IllegalArgumentException noProject) {
            return Path.of(System.getProperty("java.io.tmpdir"), "regime-stream", LOCAL_STATE_DIR);
        }
    }

    private static String folder(Path dir) {
        try {
            return Files.createDirectories(dir.toAbsolutePath()).toUri().toString();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot create " + dir.toAbsolutePath() + " for Flink's checkpoints and savepoints (" + e
                            + "): give another with -D execution.checkpointing.dir=... and "
                            + "-D execution.checkpointing.savepoint-dir=...",
                    e);
        }
    }

    /** The recommended settings alone, as {@code flink-job/conf/config.yaml} states them. */
    public static Configuration recommended() {
        return GlobalConfiguration.loadConfiguration(projectConfDir().toString());
    }

    /** {@code FLINK_CONF_DIR} when set, else the project's {@code flink-job/conf}. */
    public static Path confDir() {
        String fromEnvironment = System.getenv("FLINK_CONF_DIR");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            Path dir = Path.of(fromEnvironment);
            if (!Files.isRegularFile(dir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
                throw new IllegalArgumentException("FLINK_CONF_DIR " + dir + " has no "
                        + GlobalConfiguration.FLINK_CONF_FILENAME + ": point it at a Flink configuration directory "
                        + "or unset it for the project's " + PROJECT_CONF_DIR);
            }
            return dir;
        }
        return projectConfDir();
    }

    /**
     * The project's {@code flink-job/conf}, found from the working directory or one of its parents
     * (the repository root for the scripts, a module's folder for its tests).
     */
    public static Path projectConfDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path conf = dir.resolve(PROJECT_CONF_DIR);
            if (Files.isRegularFile(conf.resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
                return conf;
            }
        }
        throw new IllegalArgumentException("no Flink configuration: " + PROJECT_CONF_DIR + "/"
                + GlobalConfiguration.FLINK_CONF_FILENAME + " is not under "
                + Path.of("").toAbsolutePath()
                + " or a parent; set FLINK_CONF_DIR to a directory with a "
                + GlobalConfiguration.FLINK_CONF_FILENAME);
    }
}
