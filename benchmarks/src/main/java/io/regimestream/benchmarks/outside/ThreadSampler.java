package io.regimestream.benchmarks.outside;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples the threads of the watched processes (the process under test, the broker) every
 * {@link #PERIOD_MILLIS} ms from {@code /proc}: reading a few hundred small files is cheap next to
 * the processes measured, and the samples let a run's CPU time be cut to exactly its measured window.
 */
final class ThreadSampler implements AutoCloseable {

    static final long PERIOD_MILLIS = 250;

    /** All threads of one process at one moment, and the process's own CPU time (ended threads too). */
    record Snapshot(long wallMillis, long processCpuNanos, Map<Integer, ProcThreads.ThreadStat> threads) {}

    private final Map<String, Long> watched = new ConcurrentHashMap<>();
    private final Map<String, List<Snapshot>> snapshots = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ThreadSampler() {
        thread = new Thread(this::loop, "thread-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sampling {@code pid} under {@code role} (e.g. "subject", "broker"), dropping earlier samples of that role. */
    synchronized void watch(String role, long pid) {
        snapshots.put(role, Collections.synchronizedList(new ArrayList<>()));
        watched.put(role, pid);
        sampleNow();
    }

    synchronized void forget(String role) {
        watched.remove(role);
    }

    /** A sample of every watched process right now (e.g. just before a process is stopped). */
    synchronized void sampleNow() {
        for (Map.Entry<String, Long> w : watched.entrySet()) {
            long pid = w.getValue();
            Map<Integer, ProcThreads.ThreadStat> threads = ProcThreads.read(pid);
            if (!threads.isEmpty()) {
                snapshots
                        .get(w.getKey())
                        .add(new Snapshot(System.currentTimeMillis(), ProcThreads.processCpuNanos(pid), threads));
            }
        }
    }

    /** The samples of {@code role} so far, oldest first. */
    List<Snapshot> snapshots(String role) {
        List<Snapshot> list = snapshots.get(role);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    private void loop() {
        while (running) {
            sampleNow();
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
