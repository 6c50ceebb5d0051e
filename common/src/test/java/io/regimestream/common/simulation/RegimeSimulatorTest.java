package io.regimestream.common.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegimeSimulatorTest {

    @Test
    void sameSeedGivesTheSameReadings() {
        assertThat(take(RegimeSimulator.builder().seed(7).build(), 500))
                .isEqualTo(take(RegimeSimulator.builder().seed(7).build(), 500))
                .isNotEqualTo(take(RegimeSimulator.builder().seed(8).build(), 500));
    }

    @Test
    void machinesTakeTurnsAndEachMachinesClockAdvancesByTheInterval() {
        RegimeSimulator sim = RegimeSimulator.builder()
                .machines(3)
                .startMillis(1000)
                .intervalMillis(250)
                .build();
        List<SimulatedReading> r = take(sim, 6);
        assertThat(r)
                .extracting(s -> s.reading().machineId())
                .containsExactly("press-01", "press-02", "press-03", "press-01", "press-02", "press-03");
        assertThat(r)
                .extracting(s -> s.reading().timestamp())
                .containsExactly(1000L, 1000L, 1000L, 1250L, 1250L, 1250L);
    }

    @Test
    void everyRegimeIsVisitedAndEachHasItsOwnLevelAndNoise() {
        RegimeSimulator sim = RegimeSimulator.builder().seed(1).machines(4).build();
        int k = RegimeSimulator.DEFAULT_REGIMES.size();
        double[] sum = new double[k];
        double[] sumSq = new double[k];
        long[] n = new long[k];
        for (SimulatedReading s : take(sim, 200_000)) {
            int g = s.trueRegime();
            double t = s.reading().temperature();
            sum[g] += t;
            sumSq[g] += t * t;
            n[g]++;
        }
        for (int g = 0; g < k; g++) {
            Regime regime = RegimeSimulator.DEFAULT_REGIMES.get(g);
            assertThat(n[g]).as("readings in regime %d", g).isGreaterThan(10_000);
            double mean = sum[g] / n[g];
            double sd = Math.sqrt(sumSq[g] / n[g] - mean * mean);
            assertThat(mean).isCloseTo(regime.meanTemperature(), within(0.05));
            assertThat(sd).isCloseTo(regime.stdDev(), within(0.05));
        }
    }

    @Test
    void regimesAreHeldForTheirDurationsThenSwitch() {
        RegimeSimulator sim = RegimeSimulator.builder().seed(3).machines(1).build();
        List<Integer> runs = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        int current = -1, length = 0;
        for (SimulatedReading s : take(sim, 20_000)) {
            seen.add(s.trueRegime());
            if (s.trueRegime() != current) {
                if (current >= 0) {
                    runs.add(length);
                }
                current = s.trueRegime();
                length = 0;
            }
            length++;
        }
        assertThat(seen).hasSize(4);
        assertThat(runs).isNotEmpty().allSatisfy(len -> assertThat(len).isBetween(20, 200));
    }

    private static List<SimulatedReading> take(RegimeSimulator sim, int n) {
        List<SimulatedReading> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sim.next());
        }
        return out;
    }

    @Test
    void aShiftedMachineLeavesTheRegimesRangeWhileTheOthersStayInIt() {
        RegimeSimulator plain = RegimeSimulator.builder().seed(3).machines(2).build();
        RegimeSimulator shifted = RegimeSimulator.builder().seed(3).machines(2).build();
        double shift = shifted.outOfRangeShift();
        assertThat(shift).as("66 - 40 + 25 with the default regimes").isEqualTo(51.0);
        take(plain, 100);
        take(shifted, 100);
        shifted.shift(shifted.machineIndex("press-01"), shift);

        List<SimulatedReading> before = take(plain, 2_000);
        List<SimulatedReading> after = take(shifted, 2_000);
        for (int i = 0; i < before.size(); i++) {
            SimulatedReading was = before.get(i);
            SimulatedReading now = after.get(i);
            assertThat(now.trueRegime()).isEqualTo(was.trueRegime());
            if (now.reading().machineId().equals("press-01")) {
                assertThat(now.reading().temperature())
                        .isCloseTo(was.reading().temperature() + 51.0, within(1e-9))
                        .as("above the hottest regime's level + margin, less a few spreads of noise")
                        .isGreaterThan(66.0 + RegimeSimulator.DRIFT_MARGIN - 5 * 0.8);
            } else {
                assertThat(now.reading().temperature())
                        .isEqualTo(was.reading().temperature())
                        .isLessThan(75.0);
            }
        }
    }

    @Test
    void machineIdsAreFoundByName() {
        RegimeSimulator sim = RegimeSimulator.builder().machines(3).build();
        assertThat(sim.machineIndex("press-03")).isEqualTo(2);
        assertThat(sim.machineIndex("press-04")).isEqualTo(-1);
    }
}
