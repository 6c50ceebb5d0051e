package io.regimestream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.records.KafkaRecord;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Invalid UTF-8 that Jackson would let into a machine id is refused (found by FuzzInputIT). */
class ReadingValidatorUtf8Test {

    private final ReadingValidator validator = new ReadingValidator(ValidationRules.defaults());

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c3", "e282", "eda080", "c0af", "f888808080"})
    void invalidUtf8IsNotJson(String hex) {
        byte[] value = concat("{\"machineId\":\"press-", HexFormat.of().parseHex(hex), "\",\"temperature\":50}");

        assertThatThrownBy(() -> validator.validate(new KafkaRecord(value, "t", 0, 1, 1L), 2L))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.NOT_JSON);
                    assertThat(e.getMessage()).contains("not valid UTF-8");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"prèss-ø6", "機械-07", "emoji-🙂"})
    void validUtf8MachineIdsAreKept(String id) throws Exception {
        byte[] value = ("{\"machineId\":\"" + id + "\",\"temperature\":50}").getBytes(StandardCharsets.UTF_8);

        assertThat(validator.validate(new KafkaRecord(value, "t", 0, 1, 1L), 2L).machineId())
                .isEqualTo(id);
    }

    private static byte[] concat(String prefix, byte[] middle, String suffix) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] s = suffix.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[p.length + middle.length + s.length];
        System.arraycopy(p, 0, all, 0, p.length);
        System.arraycopy(middle, 0, all, p.length, middle.length);
        System.arraycopy(s, 0, all, p.length + middle.length, s.length);
        return all;
    }
}
