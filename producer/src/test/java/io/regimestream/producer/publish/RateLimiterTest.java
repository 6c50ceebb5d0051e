package io.regimestream.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The limiter is pure arithmetic on the times it is given: these tests are its fake clock. */
class RateLimiterTest {

    private static final long MS = 1_000_000L;

    @Test
    void permitsTakenAtOnceAreSpreadOneIntervalApart() {
        RateLimiter limiter = new RateLimiter(10);
        long now = 5_000 * MS;
        assertThat(limiter.reserve(now)).isZero();
        assertThat(limiter.reserve(now)).isEqualTo(100 * MS);
        assertThat(limiter.reserve(now)).isEqualTo(200 * MS);
    }

    @Test
    void aCallerThatWaitsAsToldGetsExactlyTheRate() {
        RateLimiter limiter = new RateLimiter(4);
        long clock = 0;
        int permits = 0;
        while (clock < 10_000 * MS) {
            clock += limiter.reserve(clock);
            if (clock < 10_000 * MS) {
                permits++;
            }
        }
        assertThat(permits).isEqualTo(40);
    }

    @Test
    void sleepOvershootIsMadeUpSoTheLongRunRateHolds() {
        RateLimiter limiter = new RateLimiter(10);
        long clock = 0;
        for (int i = 0; i < 100; i++) {
            clock += limiter.reserve(clock) + 3 * MS; // every sleep oversleeps by 3 ms
        }
        // Without the fixed schedule 100 permits would take 100 * 103 ms.
        assertThat(clock).isBetween(9_900 * MS, 10_010 * MS);
    }

    @Test
    void afterALongStallItRestartsInsteadOfBursting() {
        RateLimiter limiter = new RateLimiter(10);
        limiter.reserve(0);
        long afterStall = 60_000 * MS;
        assertThat(limiter.reserve(afterStall)).isZero();
        assertThat(limiter.reserve(afterStall)).isEqualTo(100 * MS);
    }

    @Test
    void fractionalRatesWork() {
        RateLimiter oneEveryFiveSeconds = new RateLimiter(0.2);
        oneEveryFiveSeconds.reserve(0);
        assertThat(oneEveryFiveSeconds.reserve(0)).isEqualTo(5_000 * MS);
    }

    @Test
    void rateZeroMeansNoWaiting() {
        RateLimiter unlimited = new RateLimiter(0);
        for (int i = 0; i < 1000; i++) {
            assertThat(unlimited.reserve(0)).isZero();
        }
    }

    @Test
    void negativeOrNonFiniteRatesAreRejected() {
        assertThatThrownBy(() -> new RateLimiter(-1)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new RateLimiter(Double.NaN)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new RateLimiter(Double.POSITIVE_INFINITY)).hasMessageContaining(">= 0");
    }
}
