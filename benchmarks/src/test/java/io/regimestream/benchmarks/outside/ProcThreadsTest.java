package io.regimestream.benchmarks.outside;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcThreadsTest {

    @Test
    void readsCpuTicksAndSwitchesOfAThreadWhoseNameHasSpacesAndParentheses() {
        String stat = "31256 (model-follower (x) ) S 30925 30925 1 0 -1 4194368 43 0 0 0 7 4 0 0 20 0 83 0 "
                + "1234 0 0 18446744073709551615 0 0 0 0 0 0 4 0 0 0 0 0 -1 1 0 0 0 0 0";
        String status = "Name:\tmodel-follower \nState:\tS (sleeping)\nvoluntary_ctxt_switches:\t318\n"
                + "nonvoluntary_ctxt_switches:\t12\n";

        ProcThreads.ThreadStat thread = ProcThreads.parse(31256, stat, status);

        assertThat(thread.comm()).isEqualTo("model-follower (x) ");
        assertThat(thread.cpuTicks()).isEqualTo(7 + 4);
        assertThat(thread.voluntarySwitches()).isEqualTo(318);
        assertThat(thread.involuntarySwitches()).isEqualTo(12);
    }

    @Test
    void readsThisJvmsOwnThreads() {
        long pid = ProcessHandle.current().pid();

        assertThat(ProcThreads.read(pid)).isNotEmpty();
        assertThat(ProcThreads.processCpuNanos(pid)).isPositive();
        assertThat(ProcThreads.read(Long.MAX_VALUE)).isEmpty();
    }
}
