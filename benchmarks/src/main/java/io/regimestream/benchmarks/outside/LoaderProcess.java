package io.regimestream.benchmarks.outside;

import io.regimestream.producer.cli.ProducerMain;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The load of a latency run: the project's own producer ({@code producer --simulate}) in a process
 * of its own, at a fixed rate, each reading stamped with its wall-clock send time (the simulation
 * leaves the timestamp to the publisher, which stamps it just before {@code send}), batching with
 * the given {@code linger.ms} as a sensor gateway would.
 */
final class LoaderProcess {

    private LoaderProcess() {}

    static ChildProcess start(
            String bootstrapServers,
            String topic,
            int machines,
            int ratePerSecond,
            Duration duration,
            Duration linger,
            Path dir,
            String run)
            throws IOException {
        List<String> command = List.of(
                ChildProcess.java(),
                "-Xmx256m",
                JvmLog.options(dir.resolve(run + "-loader-jvm.log")),
                "-cp",
                ChildProcess.classPath(),
                ProducerMain.class.getName(),
                "--simulate",
                "--machines",
                Integer.toString(machines),
                "--rate",
                Integer.toString(ratePerSecond),
                "--duration",
                duration.toMillis() + "ms",
                "--topic",
                topic,
                "--no-create-topic",
                "--bootstrap-servers",
                bootstrapServers,
                "--producer-property",
                "linger.ms=" + linger.toMillis());
        return ChildProcess.start("the loader", command, Map.of(), dir, dir.resolve(run + "-loader.log"));
    }
}
