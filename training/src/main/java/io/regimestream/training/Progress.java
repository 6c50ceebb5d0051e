package io.regimestream.training;

import java.io.PrintStream;
import java.util.Locale;

/** Numbered steps with their duration on the console, so a long run shows where it is. */
public final class Progress {

    private final PrintStream out;
    private final int steps;
    private final long startNanos = System.nanoTime();
    private int step;
    private long stepStartNanos = startNanos;

    public Progress(PrintStream out, int steps) {
        this.out = out;
        this.steps = steps;
    }

    public void step(String what) {
        step++;
        stepStartNanos = System.nanoTime();
        out.printf(Locale.ROOT, "[%d/%d] %s%n", step, steps, what);
        out.flush();
    }

    /** A detail line within the current step. */
    public void detail(String format, Object... args) {
        out.printf(Locale.ROOT, "      " + format + "%n", args);
        out.flush();
    }

    /** Ends the current step with its duration. */
    public void done(String format, Object... args) {
        out.printf(Locale.ROOT, "      " + format + " (%.1f s)%n", append(args, seconds(stepStartNanos)));
        out.flush();
    }

    public double totalSeconds() {
        return seconds(startNanos);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }
}
