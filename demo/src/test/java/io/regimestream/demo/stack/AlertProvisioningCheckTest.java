package io.regimestream.demo.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The alerting provisioning files are sound as far as can be told without Grafana, and the check
 * that says so does find each kind of mistake (a copy of the files with one mistake each).
 */
class AlertProvisioningCheckTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path folder;

    @Test
    void theProjectsAlertingFilesHaveNoProblem() {
        AlertProvisioningCheck.Result result = AlertProvisioningCheck.check();

        assertThat(result.problems()).isEmpty();
        assertThat(result.environmentVariables()).containsExactly("GRAFANA_ALERT_EMAIL");
        assertThat(AlertProvisioning.rules(AlertProvisioning.FOLDER))
                .extracting(AlertProvisioning.Rule::title)
                .containsExactly("Model drift", "Canary rolled back", "Readings dead-lettered", "Machine silent");
    }

    /** The time ranges, thresholds and pending periods README.md states for each rule (section Alerts). */
    @Test
    void eachRuleHasTheRangeThresholdAndPendingPeriodTheReadmeStates() {
        Map<String, AlertProvisioning.Rule> rules = AlertProvisioning.rules(AlertProvisioning.FOLDER).stream()
                .collect(Collectors.toMap(AlertProvisioning.Rule::title, r -> r));

        AlertProvisioning.Rule drift = rules.get("Model drift");
        assertThat(drift.query("A").from()).isEqualTo(Duration.ofHours(1));
        assertThat(evaluator(drift)).isEqualTo("gt [0]");
        assertThat(drift.pendingPeriod()).isZero();

        AlertProvisioning.Rule rolledBack = rules.get("Canary rolled back");
        assertThat(rolledBack.query("A").from()).isEqualTo(Duration.ofHours(1));
        assertThat(rolledBack.query("A").model().path("query").asText())
                .contains("FROM \"model_canary_decision\" WHERE \"decision\" = 'rolled_back'");
        assertThat(evaluator(rolledBack)).isEqualTo("gt [0]");
        assertThat(rolledBack.pendingPeriod()).isZero();

        AlertProvisioning.Rule deadLetters = rules.get("Readings dead-lettered");
        assertThat(deadLetters.query("A").model().path("expr").asText())
                .contains("increase(flink_taskmanager_job_task_operator_reason_deadLetters[5m])")
                .contains("increase(flink_taskmanager_job_task_operator_recordsScored[5m])");
        assertThat(evaluator(deadLetters)).isEqualTo("gt [0.01]");
        assertThat(deadLetters.pendingPeriod()).isEqualTo(Duration.ofMinutes(5));

        AlertProvisioning.Rule silent = rules.get("Machine silent");
        assertThat(silent.query("A").from()).isEqualTo(Duration.ofHours(24));
        assertThat(silent.query("A").model().path("query").asText()).contains("time > now() - 5m");
        assertThat(evaluator(silent)).isEqualTo("lt [1]");
        assertThat(silent.pendingPeriod()).isEqualTo(Duration.ofMinutes(5));

        for (AlertProvisioning.Rule rule : rules.values()) {
            assertThat(rule.interval()).as(rule.title()).isEqualTo(Duration.ofMinutes(1));
            assertThat(rule.noDataState()).as(rule.title()).isEqualTo("OK");
            assertThat(rule.execErrState()).as(rule.title()).isEqualTo("Error");
        }
    }

    /** The contact point and policy README.md describes: e-mail to GRAFANA_ALERT_EMAIL, one message per rule. */
    @Test
    void alertsGoByEMailOneMessagePerRuleAsTheReadmeStates() throws Exception {
        JsonNode notifications = YAML.readTree(
                AlertProvisioning.FOLDER.resolve("notifications.yaml").toFile());
        JsonNode contactPoint = notifications.path("contactPoints").get(0);
        JsonNode policy = notifications.path("policies").get(0);

        assertThat(contactPoint.path("name").asText()).isEqualTo("regime-stream operators");
        assertThat(contactPoint.path("receivers").get(0).path("type").asText()).isEqualTo("email");
        assertThat(contactPoint
                        .path("receivers")
                        .get(0)
                        .path("settings")
                        .path("addresses")
                        .asText())
                .isEqualTo("${GRAFANA_ALERT_EMAIL}");
        assertThat(policy.path("receiver").asText()).isEqualTo("regime-stream operators");
        assertThat(policy.path("group_by").toString()).isEqualTo("[\"grafana_folder\",\"alertname\"]");
        assertThat(List.of("group_wait", "group_interval", "repeat_interval"))
                .extracting(key -> AlertProvisioning.duration(policy.path(key).asText()))
                .containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4));
        assertThat(policy.has("routes")).isFalse();
    }

    private static String evaluator(AlertProvisioning.Rule rule) {
        JsonNode evaluator =
                rule.query(rule.condition()).model().path("conditions").get(0).path("evaluator");
        return evaluator.path("type").asText() + " " + evaluator.path("params");
    }

    /** One mistake in a copy of the files, and the words the check must report it with. */
    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake(
                        "a datasource that does not exist",
                        (r, n) -> query(r, 0).put("datasourceUid", "influxdb"),
                        "datasourceUid 'influxdb' is neither __expr__ nor a datasource"),
                mistake(
                        "a time range backwards",
                        (r, n) -> range(r, 0).put("from", 0).put("to", 300),
                        "from must be greater than to"),
                mistake("a time range as a duration", (r, n) -> range(r, 0).put("from", "1h"), "whole seconds"),
                mistake(
                        "a condition that names nothing",
                        (r, n) -> rule(r, 0).put("condition", "D"),
                        "condition 'D' must be the refId of a threshold"),
                mistake(
                        "a threshold of a refId that does not exist",
                        (r, n) -> model(r, 0, 2).put("expression", "X"),
                        "a threshold judges a reduce defined above it"),
                mistake(
                        "a reduce of an expression",
                        (r, n) -> model(r, 0, 1).put("expression", "C"),
                        "a reduce reduces a query defined above it"),
                mistake(
                        "a reducer Grafana 11.3 does not have",
                        (r, n) -> model(r, 0, 1).put("reducer", "median"),
                        "reducer must be one of"),
                mistake(
                        "a reducer mode that does not exist",
                        (r, n) -> ((ObjectNode) model(r, 0, 1).path("settings")).put("mode", "dropNaN"),
                        "settings.mode must be dropNN or replaceNN"),
                mistake(
                        "a threshold type not assumed",
                        (r, n) -> evaluator(r, 0).put("type", "gte"),
                        "evaluator type must be one of gt, lt"),
                mistake(
                        "a range threshold with one bound",
                        (r, n) -> evaluator(r, 0).put("type", "within_range"),
                        "within_range takes 2 number(s)"),
                mistake(
                        "two conditions in a threshold",
                        (r, n) -> ((ArrayNode) model(r, 0, 2).path("conditions")).add(YAML.createObjectNode()),
                        "a threshold has exactly one condition"),
                mistake(
                        "an expression type the test does not evaluate",
                        (r, n) -> model(r, 0, 2).put("type", "math"),
                        "expression type must be reduce or threshold"),
                mistake(
                        "a second datasource query",
                        (r, n) -> ((ArrayNode) rule(r, 0).path("data"))
                                .add(query(r, 0).deepCopy().put("refId", "D")),
                        "one datasource query per rule, not 2"),
                mistake(
                        "a refId twice",
                        (r, n) -> ((ObjectNode) rule(r, 0).path("data").get(1)).put("refId", "A"),
                        "refId A is used twice"),
                mistake("a typo in a rule's key", (r, n) -> rule(r, 0).put("fro", "5m"), "unknown key 'fro'"),
                mistake(
                        "a typo in a query model",
                        (r, n) -> model(r, 0, 0).put("querry", "SELECT 1"),
                        "unknown key 'querry'"),
                mistake(
                        "an InfluxQL query without the rule's time range",
                        (r, n) -> model(r, 0, 0).put("query", "SELECT count(\"readings\") FROM \"model_drift\""),
                        "must use $timeFilter"),
                mistake(
                        "a dashboard macro in an alert query",
                        (r, n) -> model(r, 0, 0)
                                .put("query", "SELECT count(x) FROM m WHERE $timeFilter GROUP BY time($__interval)"),
                        "only $timeFilter is expanded here"),
                mistake(
                        "a PromQL range query", // rule 2: Readings dead-lettered, on Prometheus
                        (r, n) -> model(r, 2, 0).put("instant", false).put("range", true),
                        "instant: true, range: false"),
                mistake(
                        "a duration Grafana cannot parse",
                        (r, n) -> rule(r, 0).put("for", "5 minutes"),
                        "not a duration Grafana reads"),
                mistake(
                        "an interval off Grafana's 10 s grid",
                        (r, n) -> group(r, 0).put("interval", "45s"),
                        "multiple of Grafana's base interval 10s"),
                mistake(
                        "a noDataState that does not exist",
                        (r, n) -> rule(r, 0).put("noDataState", "Ok"),
                        "noDataState must be one of"),
                mistake(
                        "a rule uid Grafana refuses",
                        (r, n) -> rule(r, 0).put("uid", "model drift"),
                        "uid must be 1-40 letters"),
                mistake(
                        "a rule uid twice",
                        (r, n) -> rule(r, 1).put("uid", rule(r, 0).path("uid").asText()),
                        "is used twice"),
                mistake(
                        "a template in a label",
                        (r, n) -> ((ObjectNode) rule(r, 0).path("labels")).put("machine", "{{ $labels.machine }}"),
                        "environment variable labels, which docker-compose.yml does not give Grafana"),
                mistake("a '$' in a title", (r, n) -> rule(r, 0).put("title", "Drift costs $5"), "write $$ for a '$'"),
                mistake(
                        "a label Grafana sets itself",
                        (r, n) -> ((ObjectNode) rule(r, 0).path("labels")).put("alertname", "x"),
                        "label name alertname is not one a rule may set"),
                mistake(
                        "a rule without a summary",
                        (r, n) -> ((ObjectNode) rule(r, 0).path("annotations")).remove("summary"),
                        "annotation summary is required"),
                mistake(
                        "a panel the dashboard does not have",
                        (r, n) -> rule(r, 0).put("panelId", 99),
                        "panelId 99 is no panel of dashboard"),
                mistake(
                        "a dashboard that does not exist",
                        (r, n) -> rule(r, 0).put("dashboardUid", "nope"),
                        "dashboardUid nope is no dashboard"),
                mistake("a paused rule", (r, n) -> rule(r, 0).put("isPaused", true), "a paused rule never fires"),
                mistake(
                        "a policy for a contact point that does not exist",
                        (r, n) -> ((ObjectNode) n.path("policies").get(0)).put("receiver", "ops"),
                        "receiver 'ops' is not a provisioned contact point"),
                mistake(
                        "an e-mail receiver without addresses",
                        (r, n) -> settings(n).remove("addresses"),
                        "email needs settings.addresses"),
                mistake(
                        "a secret written into the file",
                        (r, n) -> {
                            receiver(n).put("type", "webhook");
                            settings(n).put("url", "https://hooks.example.org/T0K3N");
                        },
                        "settings.url may hold a secret"),
                mistake(
                        "a policy without alertname in group_by",
                        (r, n) -> ((ObjectNode) n.path("policies").get(0))
                                .putArray("group_by")
                                .add("grafana_folder"),
                        "group_by without alertname"),
                mistake("apiVersion 2", (r, n) -> r.put("apiVersion", 2), "apiVersion must be 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void findsTheMistake(String mistake, BiConsumer<ObjectNode, ObjectNode> change, String expected) throws Exception {
        ObjectNode rules = (ObjectNode)
                YAML.readTree(AlertProvisioning.FOLDER.resolve("rules.yaml").toFile());
        ObjectNode notifications = (ObjectNode) YAML.readTree(
                AlertProvisioning.FOLDER.resolve("notifications.yaml").toFile());
        change.accept(rules, notifications);
        YAML.writeValue(folder.resolve("rules.yaml").toFile(), rules);
        YAML.writeValue(folder.resolve("notifications.yaml").toFile(), notifications);

        List<String> problems = AlertProvisioningCheck.check(
                        folder,
                        AlertProvisioningCheck.DATASOURCES,
                        AlertProvisioningCheck.DASHBOARDS,
                        AlertProvisioningCheck.COMPOSE)
                .problems();

        assertThat(problems).as(mistake).anyMatch(p -> p.contains(expected));
    }

    @Test
    void readsDurationsAsGrafanaDoes() {
        assertThat(AlertProvisioning.duration("0")).isZero();
        assertThat(AlertProvisioning.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(AlertProvisioning.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(AlertProvisioning.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(AlertProvisioning.duration("1d")).isEqualTo(Duration.ofDays(1));
        for (String wrong : List.of("", "5", "5 m", "30m1h", "1.5h", "-5m")) {
            assertThatThrownBy(() -> AlertProvisioning.duration(wrong))
                    .as(wrong)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void findsTheEnvironmentVariablesGrafanaWouldReplace() {
        assertThat(AlertProvisioning.variables("to ${ALERT_EMAIL} and $OTHER, not $$LITERAL"))
                .containsExactly("ALERT_EMAIL", "OTHER");
        assertThat(AlertProvisioning.hasStrayDollar("costs $$5")).isFalse();
        assertThat(AlertProvisioning.hasStrayDollar("costs $5")).isTrue();
        assertThat(AlertProvisioning.hasStrayDollar("{{ $labels.machine }}")).isFalse(); // $labels is a variable
    }

    private static Arguments mistake(String name, BiConsumer<ObjectNode, ObjectNode> change, String expected) {
        return Arguments.of(name, change, expected);
    }

    private static ObjectNode group(ObjectNode rules, int group) {
        return (ObjectNode) rules.path("groups").get(group);
    }

    /** Rule {@code index}, counted over the groups in file order. */
    private static ObjectNode rule(ObjectNode rules, int index) {
        int i = index;
        for (JsonNode group : rules.path("groups")) {
            if (i < group.path("rules").size()) {
                return (ObjectNode) group.path("rules").get(i);
            }
            i -= group.path("rules").size();
        }
        throw new IllegalArgumentException("no rule " + index);
    }

    private static ObjectNode query(ObjectNode rules, int rule) {
        return (ObjectNode) rule(rules, rule).path("data").get(0);
    }

    private static ObjectNode range(ObjectNode rules, int rule) {
        return (ObjectNode) query(rules, rule).path("relativeTimeRange");
    }

    private static ObjectNode model(ObjectNode rules, int rule, int entry) {
        return (ObjectNode) rule(rules, rule).path("data").get(entry).path("model");
    }

    private static ObjectNode evaluator(ObjectNode rules, int rule) {
        return (ObjectNode) model(rules, rule, 2).path("conditions").get(0).path("evaluator");
    }

    private static ObjectNode receiver(ObjectNode notifications) {
        return (ObjectNode)
                notifications.path("contactPoints").get(0).path("receivers").get(0);
    }

    private static ObjectNode settings(ObjectNode notifications) {
        return (ObjectNode) receiver(notifications).path("settings");
    }
}
