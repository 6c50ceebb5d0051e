package io.regimestream.benchmarks.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples this JVM's CPU time ({@code OperatingSystemMXBean.getProcessCpuTime}) and the broker
 * process's ({@code /proc/<pid>/stat} utime + stime) every 50 ms into a {@link CpuTimeline}.
 * CPU-seconds per record still mean something when other work takes cores away; wall-clock
 * throughput on a loaded machine does not.
 */
final class CpuSampler implements AutoCloseable {

    private static final long PERIOD_MILLIS = 50;

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long brokerPid;
    private final long nanosPerTick;
    private final CpuTimeline timeline = new CpuTimeline();
    private final Thread thread;
    private volatile boolean running = true;

    CpuSampler(long brokerPid) {
        this.brokerPid = brokerPid;
        this.nanosPerTick = 1_000_000_000L / clockTicksPerSecond();
        this.thread = new Thread(this::sample, "cpu-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    CpuTimeline timeline() {
        return timeline;
    }

    private void sample() {
        while (running) {
            timeline.add(new CpuTimeline.Sample(System.currentTimeMillis(), os.getProcessCpuTime(), brokerCpuNanos()));
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A sample right now, so that a window ending just before is covered without waiting. */
    void sampleNow() {
        timeline.add(new CpuTimeline.Sample(System.currentTimeMillis(), os.getProcessCpuTime(), brokerCpuNanos()));
    }

    private long brokerCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(brokerPid), "stat"));
            // fields after "pid (comm) ": state is field 3, utime 14, stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * nanosPerTick;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(1000);
    }
}
