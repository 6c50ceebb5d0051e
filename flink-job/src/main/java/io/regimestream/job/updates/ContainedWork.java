package io.regimestream.job.updates;

import io.regimestream.model.ModelException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the work an announcement controls (reading a model from its location, parsing, verifying
 * and loading it) so that nothing it does can fail a task: on a thread of its own with a known
 * stack ({@value #STACK_BYTES} bytes, whatever the JVM's default), within a time limit, and with
 * every {@link Throwable} it ends with, {@link StackOverflowError} and {@link OutOfMemoryError}
 * included, turned into a {@link ModelException} naming the source: a rejection, never a failure.
 *
 * <p>Work that outlasts its limit is given up: its thread is interrupted and left to end on its
 * own (a read blocked in the file system, e.g. on a FIFO, may never end; the thread is a daemon
 * and holds nothing of the task). At most {@value #MAX_ABANDONED} such threads may be alive at
 * once in a JVM; beyond that new work is refused at once, so announcements cannot pile up hung
 * threads.
 */
public final class ContainedWork {

    /** Far more than a model within {@code PmmlShape}'s bounds needs; fixed, so no JVM default decides. */
    public static final long STACK_BYTES = 16L * 1024 * 1024;

    static final int MAX_ABANDONED = 4;
    private static final AtomicInteger ABANDONED = new AtomicInteger();
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int GIVEN_UP = 2;

    private ContainedWork() {}

    /**
     * The result of {@code work}, run on a thread of its own.
     *
     * @param source names the model in the message of a failure
     * @param what   what the work does, e.g. {@code "fetching and loading"}
     * @throws ModelException whatever went wrong, or when it did not finish within {@code limit}
     */
    public static <T> T run(String source, String what, Duration limit, Callable<T> work) {
        if (ABANDONED.get() >= MAX_ABANDONED) {
            throw new ModelException(
                    source,
                    "not " + what + ": " + MAX_ABANDONED + " earlier model reads or loads in this task manager "
                            + "did not end within their time limit and still run (a hung file system?); "
                            + "restart the task manager once the cause is fixed");
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger state = new AtomicInteger(RUNNING);
        Thread worker = new Thread(
                null,
                () -> {
                    try {
                        result.set(work.call());
                    } catch (Throwable t) { // StackOverflowError, OutOfMemoryError: the model's fault, not the task's
                        failure.set(t);
                    } finally {
                        if (!state.compareAndSet(RUNNING, DONE)) {
                            ABANDONED.decrementAndGet(); // given up on before: it ended after all
                        }
                    }
                },
                "model-work " + what,
                STACK_BYTES);
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(limit.toMillis());
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new ModelException(source, what + " was interrupted (the task is stopping)");
        }
        if (state.compareAndSet(RUNNING, GIVEN_UP)) {
            ABANDONED.incrementAndGet();
            worker.interrupt();
            throw new ModelException(
                    source,
                    what + " took longer than "
                            + (limit.toSeconds() > 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms")
                            + " and was given up (a location that "
                            + "does not answer, or a model too slow to verify)");
        }
        Throwable t = failure.get();
        if (t == null) {
            return result.get();
        }
        if (t instanceof ModelException e) {
            throw e;
        }
        throw new ModelException(source, what + " failed: " + describe(t), t);
    }

    /** Abandoned work still running in this JVM (for tests). */
    static int abandoned() {
        return ABANDONED.get();
    }

    private static String describe(Throwable t) {
        if (t instanceof StackOverflowError) {
            return "StackOverflowError (nested too deeply for a stack of " + STACK_BYTES / (1024 * 1024) + " MiB)";
        }
        if (t instanceof OutOfMemoryError) {
            return "OutOfMemoryError (the model is too large for this task manager's heap)";
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
