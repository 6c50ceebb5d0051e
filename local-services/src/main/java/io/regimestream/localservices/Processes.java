package io.regimestream.localservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Ending the processes the local services start, and reading their logs, the same way for each. */
final class Processes {

    private Processes() {}

    /**
     * Ends {@code process} and every process it started (SIGTERM, then SIGKILL after 15 s), e.g. a
     * Spark Worker and the executors it forked, so that none outlives a test.
     */
    static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        awaitExit(process);
        for (ProcessHandle child : children) {
            child.destroy();
            try {
                child.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                child.destroyForcibly();
            }
        }
    }

    /** Waits up to 15 s for a process told to end, then kills it. */
    static void awaitExit(Process process) {
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the pids of {@code processes} to {@code pidFile}, for {@link #stopListedIn} from another JVM. */
    static void writePids(Path pidFile, List<Process> processes) {
        try {
            Files.write(
                    pidFile,
                    processes.stream().map(p -> String.valueOf(p.pid())).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pid file " + pidFile, e);
        }
    }

    /**
     * Ends the processes listed in {@code pidFile} that still run (SIGTERM, then SIGKILL after
     * 15 s) and deletes the file; returns how many ran. A command that started services and
     * ended (bin/cluster start) is how they get stopped later.
     */
    static int stopListedIn(Path pidFile) {
        if (!Files.exists(pidFile)) {
            return 0;
        }
        try {
            List<ProcessHandle> running = Files.readAllLines(pidFile).stream()
                    .filter(l -> !l.isBlank())
                    .map(l -> ProcessHandle.of(Long.parseLong(l.trim())))
                    .flatMap(Optional::stream)
                    .filter(ProcessHandle::isAlive)
                    .toList();
            running.forEach(ProcessHandle::destroy);
            for (ProcessHandle p : running) {
                try {
                    p.onExit().get(15, TimeUnit.SECONDS);
                } catch (Exception stillRunning) {
                    p.destroyForcibly();
                }
            }
            Files.delete(pidFile);
            return running.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile, e);
        }
    }

    /** A log file's text, or a note saying why it cannot be read (for error messages, never thrown). */
    static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read: " + e.getMessage() + ")";
        }
    }
}
