package io.regimestream.demo.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.regimestream.common.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Grafana cannot run here, so its alerting provisioning files are checked as strictly as can be
 * without it, against what Grafana 11 (the compose file's grafana/grafana:11.3.1) requires when it
 * provisions them and against this project's other files: required fields and their types, uids
 * Grafana accepts, durations it parses, datasource uids of grafana/provisioning/datasources,
 * relative time ranges ({@code from > to}, whole seconds), refIds that exist, linked dashboards
 * and panels of grafana/dashboards, contact points a policy can name. Stricter than Grafana where
 * the tests need it: a key this class does not know is refused (a typo is not silently ignored),
 * and only what {@link GrafanaAlertEvaluation} evaluates is allowed in a rule (one InfluxQL or
 * instant PromQL query, reduce, threshold), so that no rule escapes the test that runs it.
 */
final class AlertProvisioningCheck {

    static final Path DATASOURCES = Path.of("..", "grafana", "provisioning", "datasources");
    static final Path DASHBOARDS = Path.of("..", "grafana", "dashboards");
    static final Path COMPOSE = Path.of("..", "docker-compose.yml");

    private static final Set<String> FILE_KEYS = Set.of("apiVersion", "groups", "contactPoints", "policies");
    private static final Set<String> GROUP_KEYS = Set.of("orgId", "name", "folder", "interval", "rules");
    private static final Set<String> RULE_KEYS = Set.of(
            "uid",
            "title",
            "condition",
            "data",
            "dashboardUid",
            "panelId",
            "noDataState",
            "execErrState",
            "for",
            "annotations",
            "labels",
            "isPaused");
    private static final Set<String> QUERY_KEYS =
            Set.of("refId", "queryType", "relativeTimeRange", "datasourceUid", "model");
    private static final Set<String> INFLUX_MODEL_KEYS = Set.of("refId", "rawQuery", "resultFormat", "query");
    private static final Set<String> PROMETHEUS_MODEL_KEYS = Set.of("refId", "expr", "instant", "range");
    private static final Set<String> REDUCE_KEYS = Set.of("refId", "type", "expression", "reducer", "settings");
    private static final Set<String> THRESHOLD_KEYS = Set.of("refId", "type", "expression", "conditions");
    /** Grafana 11.3's reducers ({@code mathexp.GetReduceFunc}). */
    private static final Set<String> REDUCERS = Set.of("last", "mean", "min", "max", "sum", "count");
    /** The threshold types every Grafana since 9 knows; newer ones (gte, eq, ...) are not assumed. */
    private static final Set<String> ONE_PARAMETER = Set.of("gt", "lt");

    private static final Set<String> TWO_PARAMETERS = Set.of("within_range", "outside_range");
    private static final Set<String> NO_DATA_STATES = Set.of("NoData", "Alerting", "OK");
    private static final Set<String> EXEC_ERR_STATES = Set.of("Error", "Alerting", "OK");
    /** Labels Grafana sets itself and refuses in a rule. */
    private static final Set<String> RESERVED_LABELS = Set.of("alertname", "grafana_folder");

    private static final Set<String> CONTACT_POINT_KEYS = Set.of("orgId", "name", "receivers");
    private static final Set<String> RECEIVER_KEYS = Set.of("uid", "type", "settings", "disableResolveMessage");
    /** The settings each integration this project may use requires (Grafana refuses it without them). */
    private static final Map<String, Set<String>> REQUIRED_SETTINGS =
            Map.of("email", Set.of("addresses"), "webhook", Set.of("url"));
    /** Settings that hold a secret or may embed one: only ever an environment variable here. */
    private static final Set<String> SECRET_SETTINGS =
            Set.of("url", "password", "username", "authorization_credentials", "token", "apiKey", "integrationKey");

    private static final Set<String> POLICY_KEYS = Set.of(
            "orgId",
            "receiver",
            "group_by",
            "group_wait",
            "group_interval",
            "repeat_interval",
            "matchers",
            "object_matchers",
            "mute_time_intervals",
            "continue",
            "routes");

    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ENVIRONMENT_REFERENCE =
            Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}|\\$[A-Za-z_][A-Za-z0-9_]*");
    /** Grafana's base evaluation interval: a group's interval must be a multiple of it. */
    private static final Duration BASE_INTERVAL = Duration.ofSeconds(10);

    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> datasourceTypes;
    private final Map<String, Set<Long>> dashboardPanels;
    private final Set<String> ruleUids = new HashSet<>();
    private final Set<String> receiverUids = new HashSet<>();
    private final Set<String> contactPoints = new HashSet<>();
    private final Set<String> policyReceivers = new LinkedHashSet<>();
    private final Set<String> variables = new TreeSet<>();
    private final Map<String, Set<String>> titlesByFolder = new HashMap<>();
    private int policyTrees;

    private AlertProvisioningCheck(Map<String, String> datasourceTypes, Map<String, Set<Long>> dashboardPanels) {
        this.datasourceTypes = datasourceTypes;
        this.dashboardPanels = dashboardPanels;
    }

    /** What the check found in one run: its problems (none when sound) and the environment variables. */
    record Result(List<String> problems, Set<String> environmentVariables) {}

    /**
     * Checks every provisioning file of {@code alerting} against the project's datasources,
     * dashboards and the environment docker-compose.yml gives its grafana service.
     */
    static Result check(Path alerting, Path datasources, Path dashboards, Path compose) {
        AlertProvisioningCheck check = new AlertProvisioningCheck(datasourceTypes(datasources), panels(dashboards));
        Map<Path, JsonNode> files = AlertProvisioning.files(alerting);
        if (files.isEmpty()) {
            check.problem(alerting.toString(), "no provisioning file (*.yaml)");
        }
        files.forEach((file, tree) -> check.file(file.getFileName().toString(), tree));
        check.policies();
        Set<String> grafanaEnvironment = grafanaEnvironment(compose);
        for (String variable : check.variables) {
            if (!grafanaEnvironment.contains(variable)) {
                check.problem(
                        "environment",
                        "Grafana would replace $" + variable + " with environment variable " + variable
                                + ", which docker-compose.yml does not give Grafana");
            }
        }
        return new Result(List.copyOf(check.problems), Set.copyOf(check.variables));
    }

    /** Checks the project's own files. */
    static Result check() {
        return check(AlertProvisioning.FOLDER, DATASOURCES, DASHBOARDS, COMPOSE);
    }

    /** The names of the environment variables docker-compose.yml sets for its grafana service. */
    private static Set<String> grafanaEnvironment(Path compose) {
        try {
            Set<String> names = new HashSet<>();
            new ObjectMapper(new YAMLFactory())
                    .readTree(compose.toFile())
                    .path("services")
                    .path("grafana")
                    .path("environment")
                    .fieldNames()
                    .forEachRemaining(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + compose, e);
        }
    }

    private void file(String name, JsonNode tree) {
        keys(name, tree, FILE_KEYS);
        if (!tree.path("apiVersion").isInt() || tree.path("apiVersion").asInt() != 1) {
            problem(name, "apiVersion must be 1");
        }
        each(name + " groups", tree.path("groups"), this::group);
        each(name + " contactPoints", tree.path("contactPoints"), this::contactPoint);
        each(name + " policies", tree.path("policies"), (where, policy) -> {
            policyTrees++;
            policy(where, policy);
            interpolated(where, policy);
        });
    }

    private void group(String where, JsonNode group) {
        keys(where, group, GROUP_KEYS);
        orgId(where, group);
        requiredText(where, group, "name");
        where = where + " '" + group.path("name").asText() + "'";
        String folder = requiredText(where, group, "folder");
        interpolatedExcept(where, group, Set.of("rules"));
        Duration interval = duration(where, group, "interval", true);
        if (interval != null && (interval.isZero() || interval.toMillis() % BASE_INTERVAL.toMillis() != 0)) {
            problem(where, "interval must be a positive multiple of Grafana's base interval 10s, not " + interval);
        }
        if (!group.path("rules").isArray() || group.path("rules").isEmpty()) {
            problem(where, "a group needs rules");
        }
        String inFolder = folder;
        each(where + " rules", group.path("rules"), (w, rule) -> rule(w, rule, inFolder));
    }

    private void rule(String where, JsonNode rule, String folder) {
        keys(where, rule, RULE_KEYS);
        String uid = requiredText(where, rule, "uid");
        String title = requiredText(where, rule, "title");
        where = where + " '" + (title == null ? uid : title) + "'";
        if (uid != null && !UID.matcher(uid).matches()) {
            problem(where, "uid must be 1-40 letters, digits, '-' or '_': " + uid);
        }
        if (uid != null && !ruleUids.add(uid)) {
            problem(where, "uid " + uid + " is used twice");
        }
        if (title != null && title.length() > 190) {
            problem(where, "title longer than 190 characters");
        }
        if (title != null
                && !titlesByFolder.computeIfAbsent(folder, f -> new HashSet<>()).add(title)) {
            problem(where, "a rule titled '" + title + "' is already in folder " + folder);
        }
        // Grafana interpolates every field of a rule but its queries' models and its annotations.
        interpolatedExcept(where, rule, Set.of("data", "annotations"));
        for (JsonNode q : rule.path("data")) {
            interpolatedExcept(where, q, Set.of("model"));
        }
        oneOf(where, rule, "noDataState", NO_DATA_STATES);
        oneOf(where, rule, "execErrState", EXEC_ERR_STATES);
        duration(where, rule, "for", true);
        if (rule.has("isPaused") && !rule.path("isPaused").isBoolean()) {
            problem(where, "isPaused must be true or false");
        } else if (rule.path("isPaused").asBoolean(false)) {
            problem(where, "a paused rule never fires: remove it instead, or isPaused: false");
        }
        labels(where, rule.path("labels"));
        annotations(where, rule.path("annotations"));
        dashboardLink(where, rule);
        data(where, rule);
    }

    private void labels(String where, JsonNode labels) {
        if (labels.isMissingNode()) {
            return;
        }
        if (!labels.isObject()) {
            problem(where, "labels must be a map of strings");
            return;
        }
        labels.fields().forEachRemaining(e -> {
            if (!LABEL_NAME.matcher(e.getKey()).matches()
                    || e.getKey().startsWith("__")
                    || RESERVED_LABELS.contains(e.getKey())) {
                problem(where, "label name " + e.getKey() + " is not one a rule may set");
            }
            if (!e.getValue().isTextual()) {
                problem(where, "label " + e.getKey() + " must be a string");
            }
        });
    }

    private void annotations(String where, JsonNode annotations) {
        if (!annotations.isObject()) {
            problem(where, "annotations must be a map of strings");
            return;
        }
        for (String required : List.of("summary", "description")) {
            if (annotations.path(required).asText("").isBlank()) {
                problem(where, "annotation " + required + " is required: it is what the notification says");
            }
        }
        annotations.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                problem(where, "annotation " + e.getKey() + " must be a string");
            }
        });
    }

    private void dashboardLink(String where, JsonNode rule) {
        if (rule.has("dashboardUid") != rule.has("panelId")) {
            problem(where, "dashboardUid and panelId go together");
            return;
        }
        if (!rule.has("dashboardUid")) {
            return;
        }
        String dashboard = rule.path("dashboardUid").asText();
        if (!dashboardPanels.containsKey(dashboard)) {
            problem(where, "dashboardUid " + dashboard + " is no dashboard of grafana/dashboards");
        } else if (!rule.path("panelId").isIntegralNumber()
                || !dashboardPanels.get(dashboard).contains(rule.path("panelId").asLong())) {
            problem(where, "panelId " + rule.path("panelId") + " is no panel of dashboard " + dashboard);
        }
    }

    private void data(String where, JsonNode rule) {
        JsonNode data = rule.path("data");
        if (!data.isArray() || data.isEmpty()) {
            problem(where, "data must list the rule's query and expressions");
            return;
        }
        Map<String, String> kinds = new HashMap<>(); // refId -> "query", "reduce", "threshold"
        int queries = 0;
        for (JsonNode q : data) {
            String refId = q.path("refId").asText("");
            String at = where + " data " + refId;
            keys(at, q, QUERY_KEYS);
            if (refId.isBlank()) {
                problem(at, "every query and expression needs a refId");
                continue;
            }
            if (kinds.containsKey(refId)) {
                problem(at, "refId " + refId + " is used twice");
            }
            if (q.path("model").has("refId")
                    && !refId.equals(q.path("model").path("refId").asText())) {
                problem(at, "model.refId differs from refId");
            }
            String uid = q.path("datasourceUid").asText("");
            if (AlertProvisioning.EXPRESSION_UID.equals(uid)) {
                if (q.has("relativeTimeRange")) {
                    problem(at, "an expression has no time range of its own (Grafana ignores it)");
                }
                kinds.put(refId, expression(at, q.path("model"), kinds));
            } else if (datasourceTypes.containsKey(uid)) {
                queries++;
                timeRange(at, q.path("relativeTimeRange"));
                query(at, datasourceTypes.get(uid), q.path("model"));
                kinds.put(refId, "query");
            } else {
                problem(
                        at,
                        "datasourceUid '" + uid + "' is neither __expr__ nor a datasource of "
                                + "grafana/provisioning/datasources " + datasourceTypes.keySet());
                kinds.put(refId, "query");
            }
        }
        if (queries != 1) {
            problem(
                    where,
                    "one datasource query per rule, not " + queries
                            + ": Grafana makes a rule NoData as a whole when any of its queries returns nothing");
        }
        String condition = rule.path("condition").asText("");
        if (!"threshold".equals(kinds.get(condition))) {
            problem(where, "condition '" + condition + "' must be the refId of a threshold expression of data");
        }
    }

    private void timeRange(String where, JsonNode range) {
        JsonNode from = range.path("from");
        JsonNode to = range.path("to");
        if (!from.isIntegralNumber() || !to.isIntegralNumber()) {
            problem(where, "relativeTimeRange needs from and to in whole seconds (Grafana refuses 10m here)");
        } else if (to.asLong() < 0 || from.asLong() <= to.asLong()) {
            problem(where, "relativeTimeRange: from must be greater than to (seconds before the evaluation), to >= 0");
        }
    }

    private void query(String where, String datasourceType, JsonNode model) {
        switch (datasourceType) {
            case "influxdb" -> {
                keys(where + " model", model, INFLUX_MODEL_KEYS);
                String query = model.path("query").asText("");
                if (!model.path("rawQuery").asBoolean(false) || query.isBlank()) {
                    problem(where, "an InfluxQL query is rawQuery: true with its query text");
                }
                if (!"time_series".equals(model.path("resultFormat").asText())) {
                    problem(where, "resultFormat must be time_series (one series per tag set)");
                }
                if (!query.contains("$timeFilter")) {
                    problem(where, "the query must use $timeFilter, or its relativeTimeRange means nothing");
                }
                if (query.replace("$timeFilter", "").contains("$")) {
                    problem(where, "an alert query has no dashboard variables, and only $timeFilter is expanded here");
                }
            }
            case "prometheus" -> {
                keys(where + " model", model, PROMETHEUS_MODEL_KEYS);
                if (model.path("expr").asText("").isBlank()) {
                    problem(where, "a PromQL query needs expr");
                }
                if (!model.path("instant").asBoolean(false)
                        || model.path("range").asBoolean(true)) {
                    problem(where, "a PromQL query is instant: true, range: false (one value per series)");
                }
                if (model.path("expr").asText("").contains("$")) {
                    problem(where, "write the range of a PromQL alert query out ($__rate_interval is a dashboard's)");
                }
            }
            default -> problem(where, "no check for a " + datasourceType + " query: add one before using it");
        }
    }

    /** Checks an expression and returns its type ({@code reduce}, {@code threshold}). */
    private String expression(String where, JsonNode model, Map<String, String> before) {
        String type = model.path("type").asText("");
        String input = model.path("expression").asText("");
        switch (type) {
            case "reduce" -> {
                keys(where + " model", model, REDUCE_KEYS);
                if (!"query".equals(before.get(input))) {
                    problem(where, "a reduce reduces a query defined above it, not '" + input + "'");
                }
                oneOf(where, model, "reducer", REDUCERS);
                JsonNode settings = model.path("settings");
                String mode = settings.path("mode").asText("");
                if (!settings.isMissingNode() && !Set.of("dropNN", "replaceNN").contains(mode)) {
                    problem(where, "settings.mode must be dropNN or replaceNN");
                }
                if ("replaceNN".equals(mode)
                        && !settings.path("replaceWithValue").isNumber()) {
                    problem(where, "replaceNN needs a number replaceWithValue");
                }
            }
            case "threshold" -> {
                keys(where + " model", model, THRESHOLD_KEYS);
                if (!"reduce".equals(before.get(input))) {
                    problem(where, "a threshold judges a reduce defined above it, not '" + input + "'");
                }
                JsonNode conditions = model.path("conditions");
                if (!conditions.isArray() || conditions.size() != 1) {
                    problem(where, "a threshold has exactly one condition");
                    return type;
                }
                JsonNode condition = conditions.get(0);
                keys(where + " condition", condition, Set.of("evaluator"));
                JsonNode evaluator = condition.path("evaluator");
                keys(where + " evaluator", evaluator, Set.of("type", "params"));
                String kind = evaluator.path("type").asText("");
                JsonNode params = evaluator.path("params");
                int needed = ONE_PARAMETER.contains(kind) ? 1 : TWO_PARAMETERS.contains(kind) ? 2 : -1;
                if (needed < 0) {
                    problem(
                            where,
                            "evaluator type must be one of gt, lt, within_range, outside_range, not '" + kind + "'");
                } else if (!params.isArray() || params.size() != needed || !allNumbers(params)) {
                    problem(where, kind + " takes " + needed + " number(s) in params");
                } else if (needed == 2
                        && params.get(0).asDouble() >= params.get(1).asDouble()) {
                    problem(where, kind + " needs params [low, high]");
                }
            }
            default ->
                problem(
                        where,
                        "expression type must be reduce or threshold (what the tests evaluate), not '" + type + "'");
        }
        return type;
    }

    private void contactPoint(String where, JsonNode contactPoint) {
        keys(where, contactPoint, CONTACT_POINT_KEYS);
        orgId(where, contactPoint);
        interpolated(where, contactPoint);
        String name = requiredText(where, contactPoint, "name");
        where = where + " '" + name + "'";
        if (name != null && !contactPoints.add(name)) {
            problem(where, "contact point " + name + " is defined twice");
        }
        if (!contactPoint.path("receivers").isArray()
                || contactPoint.path("receivers").isEmpty()) {
            problem(where, "a contact point needs receivers");
        }
        for (JsonNode receiver : contactPoint.path("receivers")) {
            String at = where + " receiver " + receiver.path("uid").asText();
            keys(at, receiver, RECEIVER_KEYS);
            String uid = requiredText(at, receiver, "uid");
            if (uid != null && (!UID.matcher(uid).matches() || !receiverUids.add(uid))) {
                problem(at, "receiver uid must be unique, 1-40 letters, digits, '-' or '_'");
            }
            String type = requiredText(at, receiver, "type");
            Set<String> required = REQUIRED_SETTINGS.get(type);
            if (type != null && required == null) {
                problem(at, "no check for a " + type + " receiver: add its required settings here first");
            }
            JsonNode settings = receiver.path("settings");
            for (String setting : required == null ? Set.<String>of() : required) {
                if (settings.path(setting).asText("").isBlank()) {
                    problem(at, type + " needs settings." + setting);
                }
            }
            settings.fields().forEachRemaining(e -> {
                if (SECRET_SETTINGS.contains(e.getKey())
                        && !ENVIRONMENT_REFERENCE.matcher(e.getValue().asText()).matches()) {
                    problem(
                            at,
                            "settings." + e.getKey() + " may hold a secret: only an environment variable "
                                    + "(${NAME}) here, never a value");
                }
            });
            if (receiver.has("disableResolveMessage")
                    && !receiver.path("disableResolveMessage").isBoolean()) {
                problem(at, "disableResolveMessage must be true or false");
            }
        }
    }

    private void policy(String where, JsonNode policy) {
        keys(where, policy, POLICY_KEYS);
        String receiver = requiredText(where, policy, "receiver");
        if (receiver != null) {
            policyReceivers.add(receiver);
        }
        JsonNode groupBy = policy.path("group_by");
        if (groupBy.isMissingNode() || !groupBy.isArray()) {
            problem(where, "group_by must list labels (alertname at least)");
        } else if (!groupBy.toString().contains("\"alertname\"")
                && !groupBy.toString().contains("\"...\"")) {
            problem(where, "group_by without alertname mixes different rules in one notification");
        }
        for (String key : List.of("group_wait", "group_interval", "repeat_interval")) {
            duration(where, policy, key, false);
        }
        each(where + " routes", policy.path("routes"), this::policy);
    }

    private void policies() {
        if (policyTrees != 1) {
            problem("policies", "one notification policy tree for the organisation, not " + policyTrees);
        }
        for (String receiver : policyReceivers) {
            if (!contactPoints.contains(receiver)) {
                problem("policies", "receiver '" + receiver + "' is not a provisioned contact point " + contactPoints);
            }
        }
    }

    /** Every string in {@code node}: no stray '$', and the environment variables it refers to. */
    private void interpolated(String where, JsonNode node) {
        if (node.isTextual()) {
            if (AlertProvisioning.hasStrayDollar(node.asText())) {
                problem(
                        where,
                        "'" + node.asText() + "': Grafana replaces $... with an environment variable "
                                + "here; write $$ for a '$'");
            }
            variables.addAll(AlertProvisioning.variables(node.asText()));
        }
        node.elements().forEachRemaining(child -> interpolated(where, child));
    }

    private void interpolatedExcept(String where, JsonNode node, Set<String> raw) {
        node.fields().forEachRemaining(e -> {
            if (!raw.contains(e.getKey())) {
                interpolated(where, e.getValue());
            }
        });
    }

    private void orgId(String where, JsonNode node) {
        if (node.has("orgId")
                && (!node.path("orgId").isIntegralNumber() || node.path("orgId").asLong() < 1)) {
            problem(where, "orgId must be a positive integer (1 is the default organisation)");
        }
    }

    private String requiredText(String where, JsonNode node, String key) {
        if (!node.path(key).isTextual() || node.path(key).asText().isBlank()) {
            problem(where, key + " is required");
            return null;
        }
        return node.path(key).asText();
    }

    private void oneOf(String where, JsonNode node, String key, Set<String> allowed) {
        if (!allowed.contains(node.path(key).asText(""))) {
            problem(
                    where,
                    key + " must be one of " + new TreeSet<>(allowed) + ", not '"
                            + node.path(key).asText("") + "'");
        }
    }

    private Duration duration(String where, JsonNode node, String key, boolean required) {
        if (!node.has(key)) {
            if (required) {
                problem(where, key + " is required");
            }
            return null;
        }
        try {
            return AlertProvisioning.duration(node.path(key).asText());
        } catch (IllegalArgumentException e) {
            problem(where, key + ": " + e.getMessage());
            return null;
        }
    }

    private void keys(String where, JsonNode node, Set<String> allowed) {
        if (!node.isObject()) {
            problem(where, "must be a map");
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                problem(where, "unknown key '" + key + "' (known: " + new TreeSet<>(allowed) + ")");
            }
        }
    }

    private void each(String where, JsonNode list, java.util.function.BiConsumer<String, JsonNode> check) {
        if (list.isMissingNode()) {
            return;
        }
        if (!list.isArray()) {
            problem(where, "must be a list");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            check.accept(where + "[" + i + "]", list.get(i));
        }
    }

    private static boolean allNumbers(JsonNode params) {
        for (JsonNode p : params) {
            if (!p.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private void problem(String where, String what) {
        problems.add(where + ": " + what);
    }

    /** Datasource uid -> type, from Grafana's datasource provisioning files. */
    private static Map<String, String> datasourceTypes(Path folder) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, String> types = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                for (JsonNode ds : yaml.readTree(file.toFile()).path("datasources")) {
                    types.put(ds.path("uid").asText(), ds.path("type").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        }
        return types;
    }

    /** Dashboard uid -> its panel ids, from the dashboard JSON files. */
    private static Map<String, Set<Long>> panels(Path folder) {
        Map<String, Set<Long>> panels = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode dashboard = Json.mapper().readTree(file.toFile());
                Set<Long> ids = new HashSet<>();
                dashboard.path("panels").forEach(p -> ids.add(p.path("id").asLong()));
                panels.put(dashboard.path("uid").asText(), ids);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        }
        return panels;
    }
}
