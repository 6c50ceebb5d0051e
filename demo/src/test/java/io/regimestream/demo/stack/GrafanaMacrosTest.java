package io.regimestream.demo.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void refusesToLeaveAMacroUnexpanded() {
        assertThatThrownBy(() -> GrafanaMacros.expand("SELECT 1 FROM m WHERE $unknown", Map.of()))
                .hasMessageContaining("$unknown");
    }

    @Test
    void escapesRegexCharactersInValues() {
        assertThat(GrafanaMacros.regexEscape("press-01.a/b")).isEqualTo("press\\-01\\.a\\/b");
    }
}
