package io.regimestream.benchmarks.e2e;

import io.regimestream.localservices.KafkaBroker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's Kafka broker, in its own JVM so that it does not share a heap, a GC and JIT
 * threads with what is measured. Writes its bootstrap address to the file given as the only
 * argument, and stops when its standard input closes (the harness exited or closed it).
 */
public final class BrokerProcess {

    private BrokerProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BrokerProcess BOOTSTRAP_FILE");
            System.exit(2);
        }
        try (KafkaBroker broker = KafkaBroker.builder()
                .property("group.initial.rebalance.delay.ms", "0")
                .build().start()) {
            Path ready = Path.of(args[0]);
            Files.writeString(ready.resolveSibling(ready.getFileName() + ".tmp"), broker.bootstrapServers(), StandardCharsets.UTF_8);
            Files.move(ready.resolveSibling(ready.getFileName() + ".tmp"), ready);
            while (System.in.read() >= 0) {
                // the parent holds our stdin open for as long as it needs the broker
            }
        }
    }
}
