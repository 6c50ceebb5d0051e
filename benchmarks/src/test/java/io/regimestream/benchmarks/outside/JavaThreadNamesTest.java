package io.regimestream.benchmarks.outside;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JavaThreadNamesTest {

    @Test
    void namesByLinuxThreadIdFromAThreadDump() {
        String dump = String.join(
                "\n",
                "2026-12-07 03:20:00",
                "Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):",
                "",
                "\"main\" #1 prio=5 os_prio=0 cpu=2356.32ms elapsed=50.07s tid=0x00007fd77401a120 nid=0x78d4 waiting on condition  [0x00007fd778dfd000]",
                "   java.lang.Thread.State: WAITING (parking)",
                "\"Source: Kafka: in -> Score regime (PMML) (1/2)#0\" #80 prio=5 os_prio=0 cpu=10.0ms elapsed=40.00s tid=0x1 nid=0x7a10 runnable  [0x0]",
                "\"data-plane-kafka-request-handler-0\" #50 daemon prio=5 os_prio=0 cpu=1.0ms elapsed=9.0s tid=0x2 nid=0x10 waiting on condition",
                "\"GC Thread#0\" os_prio=0 cpu=88.79ms elapsed=50.09s tid=0x00007fd774050230 nid=0x78d7 runnable  ");

        Map<Integer, String> names = JavaThreadNames.parse(dump);

        assertThat(names)
                .containsEntry(0x78d4, "main")
                .containsEntry(0x7a10, "Source: Kafka: in -> Score regime (PMML) (1/2)#0")
                .containsEntry(0x10, "data-plane-kafka-request-handler-0")
                .containsEntry(0x78d7, "GC Thread#0")
                .hasSize(4);
    }
}
