package io.regimestream.demo.watch;

import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.Prediction;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * What the demo shows while it runs: running counts, the latest regime per machine and whether its
 * readings drifted from the training data (the latest model-drift event). On a
 * terminal the board is redrawn in place; otherwise (CI, a pipe) a status line every few seconds.
 */
public final class StatusBoard {

    /** The numbers the board shows; the demo's summary line uses the same. */
    public record Counts(long produced, long scored, long deadLetters, long pointsWritten, boolean influxOn) {
        public String summary() {
            return "produced=" + produced + " scored=" + scored + " deadLetters=" + deadLetters + " pointsWritten="
                    + (influxOn ? String.valueOf(pointsWritten) : "off");
        }
    }

    private static final String CLEAR = "\033[H\033[2J";
    private final PrintStream out;
    private final boolean terminal;
    private final String header;
    private long lastLine;

    public StatusBoard(PrintStream out, boolean terminal, String header) {
        this.out = out;
        this.terminal = terminal;
        this.header = header;
    }

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    public void show(
            Counts counts, Map<String, Prediction> latest, Map<String, ModelDrift> drift, long elapsedSeconds) {
        if (!terminal) {
            long now = System.nanoTime();
            if (now - lastLine >= 5_000_000_000L) {
                lastLine = now;
                out.printf("[demo %4ds] %s%n", elapsedSeconds, counts.summary());
            }
            return;
        }
        StringBuilder b = new StringBuilder(CLEAR).append(header).append('\n');
        b.append(String.format("running %ds   %s%n%n", elapsedSeconds, counts.summary()));
        b.append(String.format(
                "  %-12s %8s %8s %11s  %-22s %s%n", "machine", "°C", "regime", "confidence", "probabilities", "drift"));
        latest.forEach((machine, p) -> b.append(String.format(
                "  %-12s %8.2f %8d %10.1f%%  %-22s %s%n",
                machine,
                p.temperature(),
                p.regime(),
                100 * p.confidence(),
                probabilities(p),
                drift(drift.get(machine)))));
        if (latest.isEmpty()) {
            b.append("  (waiting for the first predictions ...)\n");
        }
        b.append("\nCtrl-C stops everything.\n");
        out.print(b);
        out.flush();
    }

    /**
     * {@code -}, e.g. {@code DRIFT since 14:02:31: 62% out of range, psi 3.41}, or once the drift is gone (a
     * cleared event) e.g. {@code drift cleared 14:09:02 (model k5-...): 0% out of range, psi 0.31}.
     */
    public static String drift(ModelDrift d) {
        if (d == null) {
            return "-";
        }
        StringBuilder b = d.cleared()
                ? new StringBuilder("drift cleared ")
                        .append(CLOCK.format(Instant.ofEpochMilli(d.windowEnd())))
                        .append(" (model ")
                        .append(d.modelVersion())
                        .append("):")
                : new StringBuilder("DRIFT since ")
                        .append(CLOCK.format(Instant.ofEpochMilli(d.windowEnd())))
                        .append(':');
        if (d.outOfRangeShare() != null) {
            b.append(String.format(Locale.ROOT, " %.0f%% out of range", 100 * d.outOfRangeShare()));
        }
        if (d.psi() != null) {
            b.append(String.format(Locale.ROOT, ", psi %.2f", d.psi()));
        }
        return b.toString();
    }

    private static String probabilities(Prediction p) {
        StringBuilder b = new StringBuilder();
        for (double q : p.probabilities()) {
            b.append(String.format("%4.0f%%", 100 * q));
        }
        return b.toString();
    }
}
