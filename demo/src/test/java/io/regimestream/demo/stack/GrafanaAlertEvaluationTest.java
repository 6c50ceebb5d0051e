package io.regimestream.demo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.regimestream.demo.stack.GrafanaAlertEvaluation.Instance;
import io.regimestream.demo.stack.GrafanaAlertEvaluation.Series;
import io.regimestream.demo.stack.GrafanaAlertEvaluation.State;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluation follows Grafana's: per series a number, 1 or 0 past the threshold, the state from
 * that, and the rule's noDataState / execErrState where the query gives nothing or fails. Queries
 * are answered by canned series here; DashboardQueriesIT answers them from the real stores.
 */
class GrafanaAlertEvaluationTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Instant AT = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void eachSeriesIsAnInstanceFiringWhenItsLastValueCrossesTheThreshold() {
        AlertProvisioning.Rule rule = rule("last", "", "lt", 1, "OK");

        GrafanaAlertEvaluation.Result result = GrafanaAlertEvaluation.evaluate(
                rule,
                store(Series.of(Map.of("machine", "a"), 0.0, 3.0), Series.of(Map.of("machine", "b"), 3.0, 0.0)),
                AT);

        assertThat(result.instances())
                .containsExactlyInAnyOrder(
                        new Instance(Map.of("machine", "a"), State.NORMAL, 3.0),
                        new Instance(Map.of("machine", "b"), State.ALERTING, 0.0));
        assertThat(result.firing()).containsExactly(Map.of("machine", "b"));
    }

    @Test
    void aQueryWithoutSeriesMakesTheRuleItsNoDataState() {
        assertThat(evaluateWithoutData("OK")).isEqualTo(State.NORMAL);
        assertThat(evaluateWithoutData("NoData")).isEqualTo(State.NO_DATA);
        assertThat(evaluateWithoutData("Alerting")).isEqualTo(State.ALERTING);
    }

    @Test
    void aFailingQueryMakesTheRuleItsExecErrState() {
        AlertProvisioning.Rule rule = rule("last", "", "gt", 0, "OK");

        GrafanaAlertEvaluation.Result result = GrafanaAlertEvaluation.evaluate(
                rule,
                (q, at) -> {
                    throw new IllegalStateException("InfluxQL error");
                },
                AT);

        assertThat(result.instances()).extracting(Instance::state).containsExactly(State.ERROR);
    }

    @Test
    void twoSeriesWithTheSameLabelsAreAnError() {
        // What a query selecting two columns per tag set gives: Grafana cannot tell the instances apart.
        AlertProvisioning.Rule rule = rule("last", "", "gt", 0, "OK");

        GrafanaAlertEvaluation.Result result = GrafanaAlertEvaluation.evaluate(
                rule, store(Series.of(Map.of("machine", "a"), 1.0), Series.of(Map.of("machine", "a"), 2.0)), AT);

        assertThat(result.instances()).extracting(Instance::state).containsExactly(State.ERROR);
    }

    @Test
    void dropNnIgnoresNonNumbersAndGivesNothingForASeriesOfNone() {
        AlertProvisioning.Rule rule = rule("last", "dropNN", "gt", 0, "OK");

        GrafanaAlertEvaluation.Result result = GrafanaAlertEvaluation.evaluate(
                rule,
                store(
                        Series.of(Map.of("machine", "a"), 1.0, Double.NaN, null),
                        Series.of(Map.of("machine", "b"), Double.NaN)),
                AT);

        // a: NaN and null dropped, last is 1; b: nothing left, its NaN mapped to none: NoData, here OK.
        assertThat(result.instances())
                .containsExactlyInAnyOrder(
                        new Instance(Map.of("machine", "a"), State.ALERTING, 1.0),
                        new Instance(Map.of("machine", "b"), State.NORMAL, null));
    }

    @Test
    void withoutAModeANaNIsCompared() {
        // NaN > 0 is false: Normal, not firing.
        AlertProvisioning.Rule rule = rule("last", "", "gt", 0, "NoData");

        GrafanaAlertEvaluation.Result result =
                GrafanaAlertEvaluation.evaluate(rule, store(Series.of(Map.of("machine", "a"), 1.0, Double.NaN)), AT);

        assertThat(result.instances()).extracting(Instance::state).containsExactly(State.NORMAL);
    }

    @Test
    void instantNumbersPassTheReduceAndDropNnDropsTheirNaN() {
        AlertProvisioning.Rule rule = rule("last", "dropNN", "gt", 0.01, "OK");

        GrafanaAlertEvaluation.Result result = GrafanaAlertEvaluation.evaluate(
                rule,
                store(
                        Series.instant(Map.of("reason", "not_json"), 0.026),
                        Series.instant(Map.of("reason", "empty"), 0.0),
                        Series.instant(Map.of("reason", "oversized"), Double.NaN)),
                AT);

        assertThat(result.instances())
                .containsExactlyInAnyOrder(
                        new Instance(Map.of("reason", "not_json"), State.ALERTING, 0.026),
                        new Instance(Map.of("reason", "empty"), State.NORMAL, 0.0));
    }

    @Test
    void rangeThresholdsExcludeTheirBounds() {
        AlertProvisioning.Rule within = rule("last", "", "within_range", "[1, 3]", "OK");
        AlertProvisioning.Rule outside = rule("last", "", "outside_range", "[1, 3]", "OK");
        GrafanaAlertEvaluation.Store values = store(
                Series.of(Map.of("v", "1"), 1.0), Series.of(Map.of("v", "2"), 2.0), Series.of(Map.of("v", "4"), 4.0));

        assertThat(GrafanaAlertEvaluation.evaluate(within, values, AT).firing()).containsExactly(Map.of("v", "2"));
        assertThat(GrafanaAlertEvaluation.evaluate(outside, values, AT).firing())
                .containsExactly(Map.of("v", "4"));
    }

    @Test
    void reducersFollowGrafanas() {
        List<Double> values = List.of(2.0, 4.0, 3.0);
        assertThat(GrafanaAlertEvaluation.reduce("last", values)).isEqualTo(3.0);
        assertThat(GrafanaAlertEvaluation.reduce("sum", values)).isEqualTo(9.0);
        assertThat(GrafanaAlertEvaluation.reduce("mean", values)).isEqualTo(3.0);
        assertThat(GrafanaAlertEvaluation.reduce("min", values)).isEqualTo(2.0);
        assertThat(GrafanaAlertEvaluation.reduce("max", values)).isEqualTo(4.0);
        assertThat(GrafanaAlertEvaluation.reduce("count", values)).isEqualTo(3.0);
        // A null or NaN spoils an aggregate; an empty series has no last, min or max.
        assertThat(GrafanaAlertEvaluation.reduce("sum", Arrays.asList(1.0, null)))
                .isNaN();
        assertThat(GrafanaAlertEvaluation.reduce("max", List.of(1.0, Double.NaN)))
                .isNaN();
        assertThat(GrafanaAlertEvaluation.reduce("last", Arrays.asList(1.0, null)))
                .isNull();
        assertThat(GrafanaAlertEvaluation.reduce("last", List.of())).isNaN();
        assertThat(GrafanaAlertEvaluation.reduce("min", List.of())).isNaN();
        assertThat(GrafanaAlertEvaluation.reduce("count", List.of())).isZero();
    }

    private static State evaluateWithoutData(String noDataState) {
        GrafanaAlertEvaluation.Result result =
                GrafanaAlertEvaluation.evaluate(rule("last", "", "gt", 0, noDataState), store(), AT);
        assertThat(result.instances()).hasSize(1);
        assertThat(result.instances().get(0).labels()).containsEntry("ref_id", "A");
        return result.instances().get(0).state();
    }

    private static GrafanaAlertEvaluation.Store store(Series... series) {
        return (query, at) -> List.of(series);
    }

    private static AlertProvisioning.Rule rule(
            String reducer, String mode, String threshold, Object params, String noDataState) {
        String settings = mode.isEmpty() ? "" : "\n      settings: {mode: " + mode + "}";
        String yaml = """
                uid: test
                title: Test
                condition: C
                noDataState: %s
                execErrState: Error
                for: 0s
                data:
                  - refId: A
                    relativeTimeRange: {from: 600, to: 0}
                    datasourceUid: influxdb-regimes
                    model: {refId: A, rawQuery: true, resultFormat: time_series, query: 'SELECT 1'}
                  - refId: B
                    datasourceUid: __expr__
                    model:
                      refId: B
                      type: reduce
                      expression: A
                      reducer: %s%s
                  - refId: C
                    datasourceUid: __expr__
                    model:
                      refId: C
                      type: threshold
                      expression: B
                      conditions:
                        - evaluator: {type: %s, params: %s}
                """.formatted(
                noDataState, reducer, settings, threshold, params instanceof String ? params : "[" + params + "]");
        try {
            JsonNode group = YAML.readTree("{name: g, folder: f, interval: 1m}");
            return AlertProvisioning.rule(group, YAML.readTree(yaml));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
