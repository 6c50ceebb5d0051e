package io.regimestream.benchmarks.outside;

import io.regimestream.benchmarks.e2e.JobClients;
import io.regimestream.benchmarks.e2e.RawCopy;
import io.regimestream.benchmarks.e2e.RawLoop;
import io.regimestream.job.config.JobConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * raw-copy in a process of its own, like the job: plain kafka-clients threads consume, parse each
 * reading, write it back and produce it (the I/O limit), with the Kafka client settings the job
 * uses by default (JobClients), until the input's end offsets at start; then it exits.
 */
public final class RawCopyProcess {

    private RawCopyProcess() {}

    static ChildProcess start(
            String bootstrapServers, String input, String output, int threads, Path dir, String run, String javaOpts)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(ChildProcess.java()));
        command.addAll(List.of(javaOpts.strip().split("\\s+")));
        command.addAll(List.of(
                "-cp",
                ChildProcess.classPath(),
                RawCopyProcess.class.getName(),
                bootstrapServers,
                input,
                output,
                Integer.toString(threads)));
        return ChildProcess.start("raw-copy", command, Map.of(), dir, dir.resolve(run + "-raw-copy.log"));
    }

    /** {@code BOOTSTRAP INPUT OUTPUT THREADS} */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: RawCopyProcess BOOTSTRAP_SERVERS INPUT_TOPIC OUTPUT_TOPIC THREADS");
            System.exit(2);
        }
        JobConfig job = JobConfig.defaults(args[0]).withKafka(k -> k.withGroupId("outside-raw-copy-" + args[2]));
        long handled = RawLoop.run(
                args[1],
                Integer.parseInt(args[3]),
                JobClients.consumer(job),
                JobClients.producer(job),
                () -> RawCopy.to(args[2]),
                null);
        System.out.println("raw-copy handled " + handled + " records");
    }
}
