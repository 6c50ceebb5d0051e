package io.regimestream.benchmarks.outside;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The threads of a process as Linux accounts them ({@code /proc/<pid>/task/<tid>/}): CPU time
 * ({@code stat} utime + stime, in clock ticks) and context switches ({@code status}). Both count
 * what a thread did, not how long it waited for a core, so they hold up on a busy machine:
 * voluntary switches are a thread going to sleep (waiting for records, a poll, a lock),
 * involuntary ones a core taken away.
 */
public final class ProcThreads {

    /** Linux clock ticks per second ({@code getconf CLK_TCK}), the unit of {@code stat}'s CPU times. */
    public static final long TICKS_PER_SECOND = clockTicksPerSecond();

    /** One thread at one moment. */
    record ThreadStat(int tid, String comm, long cpuTicks, long voluntarySwitches, long involuntarySwitches) {}

    private ProcThreads() {}

    /** Every thread of {@code pid} now; empty when the process is gone. */
    static Map<Integer, ThreadStat> read(long pid) {
        Map<Integer, ThreadStat> threads = new LinkedHashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
            for (Path dir : dirs) {
                try {
                    int tid = Integer.parseInt(dir.getFileName().toString());
                    ThreadStat stat =
                            parse(tid, Files.readString(dir.resolve("stat")), Files.readString(dir.resolve("status")));
                    threads.put(tid, stat);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }

    /** The process's CPU time in nanoseconds (every thread, ended ones too); -1 when it is gone. */
    public static long processCpuNanos(long pid) {
        try {
            return ticksToNanos(cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static ThreadStat parse(int tid, String stat, String status) {
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return new ThreadStat(
                tid,
                comm,
                cpuTicks(stat),
                field(status, "voluntary_ctxt_switches:"),
                field(status, "nonvoluntary_ctxt_switches:"));
    }

    /** utime + stime of a {@code stat} line; the name in parentheses may hold spaces, so fields count from its end. */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the name: state is field 3 of the line, utime 14, stime 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).strip());
            }
        }
        return 0;
    }

    static long ticksToNanos(long ticks) {
        return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(getconf.getInputStream().readAllBytes()).strip();
            getconf.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100; // Linux's USER_HZ nearly everywhere
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
