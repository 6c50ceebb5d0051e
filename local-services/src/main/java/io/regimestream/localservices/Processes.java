package io.regimestream.localservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** A log file's text, or a note saying why it cannot be read (for error messages, never thrown). */
    static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read: " + e.getMessage() + ")";
        }
    }
}
