package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.RegimeChange;
import org.junit.jupiter.api.Test;

class RegimeChangeCodecTest {

    @Test
    void regimeChangesRoundTrip() {
        RegimeChange change = new RegimeChange("press-01", 0, 2, 1764213600000L, 0.97, 3, "k4-1");
        assertThat(RegimeChangeCodec.fromJson(RegimeChangeCodec.toJson(change))).isEqualTo(change);
    }
}
