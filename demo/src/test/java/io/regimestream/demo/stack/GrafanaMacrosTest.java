package io.regimestream.demo.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrafanaMacrosTest {

    @Test
    void expandsTimeFilterIntervalAndVariables() {
        assertThat(GrafanaMacros.expand(
                        "SELECT mean(\"t\") FROM m WHERE \"machine\" =~ /^$machine$/ AND $timeFilter GROUP BY time($__interval)",
                        Map.of("machine", "(press\\-01|press\\-02)")))
                .isEqualTo(
                        "SELECT mean(\"t\") FROM m WHERE \"machine\" =~ /^(press\\-01|press\\-02)$/ AND time > now() - 1h GROUP BY time(10s)");
    }

    @Test
    void expandsPromQlRateIntervalsToAtLeastFourScrapes() {
        assertThat(GrafanaMacros.expandPromQl(
                        "sum(rate(x[$__rate_interval])) + y[$__interval]",
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2)))
                .isEqualTo("sum(rate(x[40s])) + y[2s]");
        assertThat(GrafanaMacros.expandPromQl(
                        "rate(x[$__rate_interval])", Duration.ofSeconds(1), Duration.ofSeconds(5)))
                .isEqualTo("rate(x[6s])");
    }

    @Test
    void refusesToLeaveAMacroUnexpanded() {
        assertThatThrownBy(() -> GrafanaMacros.expand("SELECT 1 FROM m WHERE $unknown", Map.of()))
                .hasMessageContaining("$unknown");
    }

    @Test
    void expandsAnAlertQuerysTimeFilterToItsRangeInEpochMilliseconds() {
        assertThat(GrafanaMacros.expandAlertQuery(
                        "SELECT count(\"x\") FROM m WHERE $timeFilter GROUP BY \"machine\"",
                        Instant.ofEpochMilli(1_700_000_000_000L),
                        Instant.ofEpochMilli(1_700_000_600_000L)))
                .isEqualTo(
                        "SELECT count(\"x\") FROM m WHERE time >= 1700000000000ms and time <= 1700000600000ms GROUP BY \"machine\"");
        assertThatThrownBy(() -> GrafanaMacros.expandAlertQuery(
                        "SELECT 1 FROM m WHERE $timeFilter GROUP BY time($__interval)", Instant.EPOCH, Instant.EPOCH))
                .hasMessageContaining("$__interval");
    }

    @Test
    void escapesRegexCharactersInValues() {
        assertThat(GrafanaMacros.regexEscape("press-01.a/b")).isEqualTo("press\\-01\\.a\\/b");
    }
}
