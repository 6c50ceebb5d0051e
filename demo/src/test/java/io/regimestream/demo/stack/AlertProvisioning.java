package io.regimestream.demo.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The alert rules of Grafana's alerting provisioning files (grafana/provisioning/alerting/*.yaml),
 * read as Grafana 11 reads them, for the tests that check and evaluate them. Their structure is
 * checked by {@link AlertProvisioningCheck}; this class assumes it is sound.
 */
final class AlertProvisioning {

    static final Path FOLDER = Path.of("..", "grafana", "provisioning", "alerting");

    /** Grafana's datasource uid for server-side expressions (reduce, threshold, ...). */
    static final String EXPRESSION_UID = "__expr__";

    /**
     * A {@code $NAME} or {@code ${NAME}} that Grafana replaces with an environment variable in the
     * fields it interpolates; {@code $$} is a literal {@code $}.
     */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private static final Pattern DURATION =
            Pattern.compile("(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

    /**
     * One entry of a rule's {@code data}: a datasource query (its time range relative to the
     * evaluation) or an expression.
     */
    record Query(String refId, String datasourceUid, Duration from, Duration to, JsonNode model) {

        boolean isExpression() {
            return EXPRESSION_UID.equals(datasourceUid);
        }
    }

    /** An alert rule with the group it is evaluated in. */
    record Rule(
            String group,
            String folder,
            Duration interval,
            String uid,
            String title,
            String condition,
            List<Query> data,
            Duration pendingPeriod,
            String noDataState,
            String execErrState,
            Map<String, String> labels,
            Map<String, String> annotations) {

        Query query(String refId) {
            return data.stream()
                    .filter(q -> q.refId().equals(refId))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(title + " has no " + refId));
        }
    }

    private AlertProvisioning() {}

    /** Each provisioning file of {@code folder} (*.yaml, *.yml), by name, as a YAML tree. */
    static Map<Path, JsonNode> files(Path folder) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<Path, JsonNode> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList()) {
                files.put(file, yaml.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        }
        return files;
    }

    /** Every alert rule of the files in {@code folder}, in file order. */
    static List<Rule> rules(Path folder) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode file : files(folder).values()) {
            for (JsonNode group : file.path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    rules.add(rule(group, rule));
                }
            }
        }
        return rules;
    }

    /** One rule of a group, as the files hold them (also for tests that write a rule of their own). */
    static Rule rule(JsonNode group, JsonNode rule) {
        List<Query> data = new ArrayList<>();
        for (JsonNode q : rule.path("data")) {
            JsonNode range = q.path("relativeTimeRange");
            data.add(new Query(
                    q.path("refId").asText(),
                    q.path("datasourceUid").asText(),
                    Duration.ofSeconds(range.path("from").asLong()),
                    Duration.ofSeconds(range.path("to").asLong()),
                    q.path("model")));
        }
        return new Rule(
                group.path("name").asText(),
                group.path("folder").asText(),
                duration(group.path("interval").asText()),
                rule.path("uid").asText(),
                rule.path("title").asText(),
                rule.path("condition").asText(),
                List.copyOf(data),
                duration(rule.path("for").asText("0s")),
                rule.path("noDataState").asText(),
                rule.path("execErrState").asText(),
                strings(rule.path("labels")),
                strings(rule.path("annotations")));
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> strings = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> strings.put(e.getKey(), e.getValue().asText()));
        return strings;
    }

    /**
     * A duration as Grafana's provisioning parses it (Prometheus's {@code model.ParseDuration}):
     * {@code 0}, or units from years to milliseconds in that order, e.g. {@code 1h30m}, {@code 90s}.
     *
     * @throws IllegalArgumentException when Grafana would refuse it
     */
    static Duration duration(String text) {
        if ("0".equals(text)) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a duration Grafana reads (e.g. 30s, 5m, 1h): '" + text + "'");
        }
        long[] millis = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};
        Duration total = Duration.ZERO;
        for (int i = 0; i < millis.length; i++) {
            if (m.group(i + 1) != null) {
                total = total.plusMillis(Long.parseLong(m.group(i + 1)) * millis[i]);
            }
        }
        return total;
    }

    /**
     * The environment variables a string refers to where Grafana interpolates it ({@code $NAME},
     * {@code ${NAME}}; {@code $$} is a literal {@code $}).
     */
    static List<String> variables(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                names.add(m.group(1));
            } else if (m.group(2) != null) {
                names.add(m.group(2));
            }
        }
        return names;
    }

    /** A {@code $} that is neither {@code $$} nor a variable reference: Grafana would mangle it. */
    static boolean hasStrayDollar(String text) {
        return VARIABLE.matcher(text).replaceAll("").contains("$");
    }
}
