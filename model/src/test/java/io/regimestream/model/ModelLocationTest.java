package io.regimestream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelLocationTest {

    private static final ModelLocation MODELS = ModelLocation.parse("file:///models/");

    @ParameterizedTest
    @CsvSource({
        "file:///models/k3/model.pmml,          file:///models/k3/model.pmml",
        "file:///models//k3/./model.pmml,       file:///models/k3/model.pmml",
        "file:///models/tmp/../k3/model.pmml,   file:///models/k3/model.pmml",
        "FILE:///models/k3/model.pmml,          file:///models/k3/model.pmml",
        "file:///models/k%33/model.pmml,        file:///models/k3/model.pmml",
        "file:///models/a%20b/model.pmml,       file:///models/a%20b/model.pmml"
    })
    void locationsUnderThePrefixAreAdmittedInTheirNormalForm(String location, String normalized) {
        ModelLocation parsed = ModelLocation.parse(location);
        assertThat(parsed.isUnder(MODELS)).isTrue();
        assertThat(parsed).hasToString(normalized);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "file:///models/../etc/passwd",
                "file:///models/%2e%2e/etc/passwd",
                "file:///models%2f..%2fetc/passwd",
                "file:///models/k3/../../etc/passwd",
                "file:///models-evil/model.pmml",
                "file:///modelsx/model.pmml",
                "file:///models",
                "file://otherhost/models/model.pmml",
                "s3://models/model.pmml",
                "hdfs:///models/model.pmml"
            })
    void locationsThatOnlyLookLikeTheyAreUnderThePrefixAreNot(String location) {
        assertThat(ModelLocation.parse(location).isUnder(MODELS)).as(location).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "file:///../etc/passwd",
                "file:///models/%2E%2E/%2e%2E/etc/passwd",
                "file:///models/%252e%252e/etc/passwd",
                "file:///models/a%5c..%5c..%5cetc",
                "file:///models/a%0ab",
                "file:///models/model.pmml?x=1",
                "file:///models/model.pmml#frag",
                "/models/model.pmml",
                "file:models/model.pmml",
                "file:///models/a b"
            })
    void locationsThatCannotBeNormalizedHonestlyAreRefused(String location) {
        assertThatThrownBy(() -> ModelLocation.parse(location))
                .as(location)
                .isInstanceOf(IllegalArgumentException.class);
    }
}
