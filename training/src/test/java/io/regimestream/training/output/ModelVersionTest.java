package io.regimestream.training.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelVersionTest {

    @Test
    void sameDataAndSettingsGiveTheSameVersion() {
        assertThat(ModelVersion.of(4, "abc", "seed=7"))
                .isEqualTo(ModelVersion.of(4, "abc", "seed=7"))
                .matches("k4-[0-9a-f]{12}");
    }

    @Test
    void otherDataOrSettingsGiveAnotherVersion() {
        String base = ModelVersion.of(4, "abc", "seed=7");
        assertThat(ModelVersion.of(4, "abd", "seed=7")).isNotEqualTo(base);
        assertThat(ModelVersion.of(4, "abc", "seed=8")).isNotEqualTo(base);
        assertThat(ModelVersion.of(5, "abc", "seed=7")).isNotEqualTo(base).startsWith("k5-");
    }

    @Test
    void sha256IsHexOfTheBytes() {
        assertThat(ModelVersion.sha256("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
