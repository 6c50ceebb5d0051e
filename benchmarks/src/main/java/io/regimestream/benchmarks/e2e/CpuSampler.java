package io.regimestream.benchmarks.e2e;

import io.regimestream.benchmarks.outside.ProcThreads;
import java.lang.management.ManagementFactory;

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
    private final CpuTimeline timeline = new CpuTimeline();
    private final Thread thread;
    private volatile boolean running = true;

    CpuSampler(long brokerPid) {
        this.brokerPid = brokerPid;
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
        return ProcThreads.processCpuNanos(brokerPid);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(1000);
    }
}
