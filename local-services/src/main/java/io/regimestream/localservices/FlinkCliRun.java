package io.regimestream.localservices;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code flink} command line (Flink's CliFrontend in its own JVM) against a cluster. What it
 * prints is handed on line by line as it comes, not when it ends: an attached {@code flink run}
 * prints its job id at once and then waits, as long as the job runs. The job it submits is
 * remembered, so that an attached run whose client is stopped (Ctrl-C, a timeout) does not leave
 * its job running behind the user's back: {@link #stop()} cancels it, and says so.
 */
public final class FlinkCliRun {

    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Set<String> TERMINAL_STATES = Set.of("FINISHED", "CANCELED", "FAILED");

    private final Process process;
    private final boolean attachedRun;
    private final FlinkRest rest;
    private final Thread pump;
    private volatile String jobId;

    private FlinkCliRun(Process process, boolean attachedRun, FlinkRest rest, Consumer<String> out) {
        this.process = process;
        this.attachedRun = attachedRun;
        this.rest = rest;
        this.pump = new Thread(() -> pass(out), "flink-cli-output");
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /** Starts the command; {@code out} receives each line it prints (stdout and stderr). */
    static FlinkCliRun start(ProcessBuilder command, List<String> flinkArgs, FlinkRest rest, Consumer<String> out) {
        try {
            Process process = command.redirectErrorStream(true).start();
            return new FlinkCliRun(process, isAttachedRun(flinkArgs), rest, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run flink " + String.join(" ", flinkArgs), e);
        }
    }

    /**
     * {@code flink run} without {@code -d}/{@code --detached}: the client waits for the job, and the
     * job is the client's. Options end at the jar; what follows belongs to the job.
     */
    static boolean isAttachedRun(List<String> flinkArgs) {
        if (flinkArgs.isEmpty() || !flinkArgs.get(0).equals("run")) {
            return false;
        }
        for (String arg : flinkArgs.subList(1, flinkArgs.size())) {
            if (arg.equals("-d") || arg.equals("--detached")) {
                return false;
            }
            if (arg.endsWith(".jar")) {
                return true;
            }
        }
        return true;
    }

    /** Waits for the command to end and returns its exit code; empty if it still runs after {@code timeout}. */
    public Optional<Integer> awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
            pump.join(TimeUnit.SECONDS.toMillis(10)); // the last lines it printed
            return Optional.of(process.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Waits as long as the command runs (an attached run: as long as its job runs). */
    public int awaitExit() {
        return awaitExit(Duration.ofMillis(Long.MAX_VALUE)).orElseThrow(() -> new IllegalStateException("interrupted"));
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** The job this command submitted, once it said so. */
    public Optional<String> jobId() {
        return Optional.ofNullable(jobId);
    }

    /**
     * Stops the client if it still runs, and makes sure an attached run leaves no job behind: its
     * job is cancelled unless it ended, also when the client died on its own first (Ctrl-C in a
     * terminal reaches the client too). A detached run's job stays, as {@code -d} asked. Returns a
     * sentence for the user about what was done and what is left; empty when there was nothing to do.
     */
    public Optional<String> stop() {
        boolean clientWasRunning = process.isAlive();
        if (clientWasRunning) {
            process.destroy();
            if (awaitExit(Duration.ofSeconds(10)).isEmpty()) {
                process.destroyForcibly();
            }
        }
        if (!attachedRun) {
            return !clientWasRunning
                    ? Optional.empty()
                    : Optional.of(
                            jobId == null
                                    ? "the flink command was stopped"
                                    : "the flink command was stopped; job " + jobId
                                            + " was submitted detached (-d) and " + "keeps running");
        }
        if (jobId == null) {
            return !clientWasRunning
                    ? Optional.empty()
                    : Optional.of("flink run was stopped before it reported a job id: if it submitted one, "
                            + "`flink list` shows it (and `flink cancel JOB_ID` ends it)");
        }
        return cancelJob(clientWasRunning);
    }

    private Optional<String> cancelJob(boolean clientWasRunning) {
        try {
            String state = rest.jobState(jobId);
            if (TERMINAL_STATES.contains(state)) {
                return clientWasRunning
                        ? Optional.of("flink run was stopped; its job " + jobId + " had ended (" + state + ")")
                        : Optional.empty();
            }
            rest.cancel(jobId);
            return Optional.of("flink run was stopped, so its job " + jobId + " was cancelled (an attached run's job "
                    + "does not outlive its client; submit with -d to leave a job running)");
        } catch (RuntimeException e) {
            return Optional.of("flink run was stopped, but its job " + jobId + " could not be cancelled ("
                    + e.getMessage() + "): it may still run; `flink cancel " + jobId + "` ends it");
        }
    }

    private void pass(Consumer<String> out) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Matcher submitted = SUBMITTED.matcher(line);
                if (jobId == null && submitted.find()) {
                    jobId = submitted.group(1);
                }
                out.accept(line);
            }
        } catch (IOException closed) {
            // the process ended or was stopped: nothing more to pass on
        }
    }
}
