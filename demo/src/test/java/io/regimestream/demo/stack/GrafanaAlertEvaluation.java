package io.regimestream.demo.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One evaluation of a provisioned alert rule, the way Grafana 11's alerting evaluates it, for tests
 * that run the rule's query against a real store (Grafana itself cannot run here). Followed from
 * Grafana's sources: the query's series become one alert instance each, labelled with their tags
 * or labels; {@code reduce} turns each series into one number ({@code mathexp.Series.Reduce}: the
 * reducers and the dropNN / replaceNN modes, an instant query's number passed through);
 * {@code threshold} makes it 1 or 0 ({@code expr.ThresholdCommand}, nothing stays nothing); the
 * condition's number gives the state ({@code eval.evaluateExecutionResult}: 0 Normal, any other
 * number Alerting, none NoData, two instances with the same labels an Error). A query that returns
 * nothing makes the whole rule NoData, and a query that fails makes it Error; the rule's
 * {@code noDataState} and {@code execErrState} then say what state that is. The pending period
 * ({@code for}) is Grafana's state machine over successive evaluations and is not evaluated here.
 */
final class GrafanaAlertEvaluation {

    /** An alert instance's state after the rule's noDataState / execErrState are applied. */
    enum State {
        NORMAL,
        ALERTING,
        NO_DATA,
        ERROR
    }

    /**
     * What a datasource returns for one series: its labels and its values in time order ({@code null}
     * for a null). {@code instant}: one number per series (Prometheus instant query), which Grafana
     * treats as a number rather than a series.
     */
    record Series(Map<String, String> labels, List<Double> values, boolean instant) {

        static Series of(Map<String, String> labels, Double... values) {
            return new Series(labels, java.util.Arrays.asList(values), false);
        }

        static Series instant(Map<String, String> labels, double value) {
            return new Series(labels, List.of(value), true);
        }
    }

    /** Runs a rule's datasource query against the store its datasource uid names, as of {@code at}. */
    interface Store {
        List<Series> query(AlertProvisioning.Query query, Instant at);
    }

    /** One alert instance: its labels, its state, and the number the reduce gave it (null for none). */
    record Instance(Map<String, String> labels, State state, Double value) {}

    /** Every instance of one evaluation. */
    record Result(String rule, Instant at, List<Instance> instances) {

        List<Map<String, String>> firing() {
            return instances.stream()
                    .filter(i -> i.state() == State.ALERTING)
                    .map(Instance::labels)
                    .toList();
        }

        /** The state of the instance whose labels include {@code label=value}, or null without one. */
        State stateOf(String label, String value) {
            List<State> states = instances.stream()
                    .filter(i -> value.equals(i.labels().get(label)))
                    .map(Instance::state)
                    .toList();
            if (states.size() > 1) {
                throw new IllegalStateException("several instances with " + label + "=" + value + ": " + this);
            }
            return states.isEmpty() ? null : states.get(0);
        }
    }

    private GrafanaAlertEvaluation() {}

    /** Evaluates {@code rule} as Grafana would at {@code at}, its query answered by {@code store}. */
    static Result evaluate(AlertProvisioning.Rule rule, Store store, Instant at) {
        Map<String, List<Series>> seriesOf = new HashMap<>();
        Map<String, List<Number>> numbersOf = new HashMap<>();
        Map<String, String> noData = new LinkedHashMap<>(); // refId -> datasource uid
        for (AlertProvisioning.Query q : rule.data()) {
            if (!q.isExpression()) {
                List<Series> series;
                try {
                    series = store.query(q, at);
                } catch (RuntimeException e) {
                    return execError(rule, at, e);
                }
                if (series.isEmpty()) {
                    noData.put(q.refId(), q.datasourceUid());
                }
                seriesOf.put(q.refId(), series);
                continue;
            }
            JsonNode model = q.model();
            String input = model.path("expression").asText();
            switch (model.path("type").asText()) {
                case "reduce" -> numbersOf.put(q.refId(), reduce(model, seriesOf.getOrDefault(input, List.of())));
                case "threshold" ->
                    numbersOf.put(q.refId(), threshold(model, numbersOf.getOrDefault(input, List.of())));
                default ->
                    throw new IllegalArgumentException(
                            "expression type " + model.path("type").asText() + " is not evaluated here");
            }
        }
        if (!noData.isEmpty()) {
            Map<String, String> labels = Map.of(
                    "datasource_uid", String.join(",", new HashSet<>(noData.values())),
                    "ref_id", String.join(",", noData.keySet()));
            return new Result(rule.title(), at, List.of(new Instance(labels, noDataState(rule), null)));
        }
        List<Instance> instances = new ArrayList<>();
        Set<Map<String, String>> seen = new HashSet<>();
        List<Number> condition = numbersOf.getOrDefault(rule.condition(), List.of());
        if (condition.isEmpty()) {
            return new Result(rule.title(), at, List.of(new Instance(Map.of(), noDataState(rule), null)));
        }
        Map<Map<String, String>, Double> reduced = new HashMap<>();
        String reduceRef =
                rule.query(rule.condition()).model().path("expression").asText();
        numbersOf.getOrDefault(reduceRef, List.of()).forEach(n -> reduced.put(n.labels(), n.value()));
        for (Number n : condition) {
            if (!seen.add(n.labels())) {
                return execError(
                        rule,
                        at,
                        new IllegalStateException("frame cannot uniquely be identified by its labels: " + n.labels()));
            }
            State state = n.value() == null ? noDataState(rule) : n.value() == 0 ? State.NORMAL : State.ALERTING;
            instances.add(new Instance(n.labels(), state, reduced.get(n.labels())));
        }
        return new Result(rule.title(), at, List.copyOf(instances));
    }

    /** A reduced number with the labels of its series; {@code value} null for none. */
    private record Number(Map<String, String> labels, Double value) {}

    private static List<Number> reduce(JsonNode model, List<Series> input) {
        String reducer = model.path("reducer").asText();
        String mode = model.path("settings").path("mode").asText("");
        UnaryOperator<Double> mapInput =
                mapInput(mode, model.path("settings").path("replaceWithValue").asDouble());
        UnaryOperator<Double> mapOutput =
                mapOutput(mode, model.path("settings").path("replaceWithValue").asDouble());
        List<Number> numbers = new ArrayList<>();
        for (Series s : input) {
            if (s.instant()) { // already a number: the mode's input mapping only, and a dropped one is gone
                Double value = mapInput.apply(s.values().get(0));
                if (value != null || mode.isEmpty()) {
                    numbers.add(new Number(s.labels(), value));
                }
                continue;
            }
            List<Double> values = new ArrayList<>();
            for (Double v : s.values()) {
                Double mapped = mapInput.apply(v);
                if (mapped != null || mode.isEmpty()) {
                    values.add(mapped);
                }
            }
            Double value = reduce(reducer, values);
            numbers.add(new Number(s.labels(), value == null || mode.isEmpty() ? value : mapOutput.apply(value)));
        }
        return numbers;
    }

    /**
     * Grafana's reducers over a series' values: a null or NaN makes sum, mean, min and max NaN;
     * {@code last} is the last value, null included (then the instance has no number: NoData).
     */
    static Double reduce(String reducer, List<Double> values) {
        if (reducer.equals("count")) {
            return (double) values.size();
        }
        if (reducer.equals("last")) {
            return values.isEmpty() ? Double.valueOf(Double.NaN) : values.get(values.size() - 1);
        }
        if (values.stream().anyMatch(v -> v == null || v.isNaN())) {
            return Double.NaN;
        }
        DoubleSummaryStatistics stats =
                values.stream().mapToDouble(Double::doubleValue).summaryStatistics();
        return switch (reducer) {
            case "sum" -> stats.getSum();
            case "mean" -> stats.getSum() / values.size();
            case "min" -> values.isEmpty() ? Double.NaN : stats.getMin();
            case "max" -> values.isEmpty() ? Double.NaN : stats.getMax();
            default -> throw new IllegalArgumentException("reducer " + reducer + " is not evaluated here");
        };
    }

    /** dropNN drops null, NaN and infinite values; replaceNN replaces them. */
    private static UnaryOperator<Double> mapInput(String mode, double replacement) {
        return switch (mode) {
            case "dropNN" -> v -> v == null || v.isNaN() || v.isInfinite() ? null : v;
            case "replaceNN" -> v -> v == null || v.isNaN() || v.isInfinite() ? replacement : v;
            default -> v -> v;
        };
    }

    /** A reduce that gives NaN gives nothing (dropNN) or the replacement (replaceNN). */
    private static UnaryOperator<Double> mapOutput(String mode, double replacement) {
        return switch (mode) {
            case "dropNN" -> v -> v.isNaN() ? null : v;
            case "replaceNN" -> v -> v.isNaN() ? replacement : v;
            default -> v -> v;
        };
    }

    private static List<Number> threshold(JsonNode model, List<Number> input) {
        JsonNode evaluator = model.path("conditions").path(0).path("evaluator");
        String type = evaluator.path("type").asText();
        double a = evaluator.path("params").path(0).asDouble();
        double b = evaluator.path("params").path(1).asDouble();
        List<Number> numbers = new ArrayList<>();
        for (Number n : input) {
            if (n.value() == null) {
                numbers.add(n);
                continue;
            }
            double v = n.value();
            boolean crossed = switch (type) {
                case "gt" -> v > a;
                case "lt" -> v < a;
                case "within_range" -> v > a && v < b;
                case "outside_range" -> v < a || v > b;
                default -> throw new IllegalArgumentException("threshold type " + type + " is not evaluated here");
            };
            numbers.add(new Number(n.labels(), crossed ? 1.0 : 0.0));
        }
        return numbers;
    }

    private static State noDataState(AlertProvisioning.Rule rule) {
        return switch (rule.noDataState()) {
            case "OK" -> State.NORMAL;
            case "Alerting" -> State.ALERTING;
            default -> State.NO_DATA;
        };
    }

    private static Result execError(AlertProvisioning.Rule rule, Instant at, RuntimeException e) {
        State state = switch (rule.execErrState()) {
            case "OK" -> State.NORMAL;
            case "Alerting" -> State.ALERTING;
            default -> State.ERROR;
        };
        return new Result(
                rule.title(), at, List.of(new Instance(Map.of("error", String.valueOf(e.getMessage())), state, null)));
    }
}
