package io.regimestream.demo.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes is safe by default: the job's pods run as a non-root user without privilege
 * escalation or capabilities, under the runtime's seccomp profile; a NetworkPolicy lets only the
 * operator reach Flink's REST API and only the monitoring namespace the metrics port; the image
 * runs as a non-root user. (The CRD itself is checked by {@link KubernetesManifestsIT}.)
 */
class KubernetesSafetyTest {

    private static final Path DEPLOY = ComposeConfig.ROOT.resolve("deploy/kubernetes");

    @Test
    void everyFlinkPodRunsAsANonRootUserWithoutPrivilegeEscalationOrCapabilities() throws IOException {
        JsonNode podSpec = single("flink-deployment.yaml", "FlinkDeployment")
                .path("spec")
                .path("podTemplate")
                .path("spec");

        JsonNode pod = podSpec.path("securityContext");
        assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("runAsUser").asInt()).isPositive();
        assertThat(pod.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");

        JsonNode main = container(podSpec, "flink-main-container").path("securityContext");
        assertThat(main.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(main.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(main.path("privileged").asBoolean(false)).isFalse();
        assertThat(main.path("capabilities").path("drop"))
                .extracting(JsonNode::asText)
                .contains("ALL");
    }

    @Test
    void onlyTheOperatorReachesTheRestApiAndOnlyMonitoringTheMetrics() throws IOException {
        JsonNode policy = single("network-policy.yaml", "NetworkPolicy").path("spec");
        JsonNode deployment = single("flink-deployment.yaml", "FlinkDeployment");

        // It covers the deployment's pods, which Flink labels app: <FlinkDeployment name>.
        assertThat(policy.path("podSelector").path("matchLabels").path("app").asText())
                .isEqualTo(deployment.path("metadata").path("name").asText());
        assertThat(policy.path("policyTypes")).extracting(JsonNode::asText).contains("Ingress");
        String app = policy.path("podSelector").path("matchLabels").path("app").asText();
        for (JsonNode rule : policy.path("ingress")) {
            assertThat(rule.path("from"))
                    .as("a rule open to every source: %s", rule)
                    .isNotEmpty();
            for (JsonNode peer : rule.path("from")) {
                assertThat(peer.has("ipBlock"))
                        .as("an address range in %s", rule)
                        .isFalse();
                if (rule.path("ports").isEmpty()) { // every port: only for the deployment's own pods
                    assertThat(peer.has("namespaceSelector"))
                            .as(rule.toString())
                            .isFalse();
                    assertThat(peer.path("podSelector")
                                    .path("matchLabels")
                                    .path("app")
                                    .asText())
                            .as(rule.toString())
                            .isEqualTo(app);
                }
            }
        }
        assertThat(peersOfPort(policy, 8081))
                .singleElement()
                .satisfies(peer -> assertThat(peer.path("podSelector")
                                .path("matchLabels")
                                .path("app.kubernetes.io/name")
                                .asText())
                        .isEqualTo("flink-kubernetes-operator"));
        assertThat(peersOfPort(policy, 9249))
                .singleElement()
                .satisfies(peer -> assertThat(peer.path("namespaceSelector")
                                .path("matchLabels")
                                .path("kubernetes.io/metadata.name")
                                .asText())
                        .isEqualTo("monitoring"));
        // The metrics port the policy opens is the reporter's.
        assertThat(deployment
                        .path("spec")
                        .path("flinkConfiguration")
                        .path("metrics.reporter.prom.port")
                        .asText())
                .isEqualTo("9249");
    }

    @Test
    void theImageRunsAsANonRootUser() throws IOException {
        List<String> users = Files.readAllLines(DEPLOY.resolve("Dockerfile")).stream()
                .map(String::trim)
                .filter(line -> line.startsWith("USER "))
                .map(line -> line.substring("USER ".length()).trim())
                .toList();

        assertThat(users).isNotEmpty();
        assertThat(users.get(users.size() - 1)).isNotIn("root", "0", "0:0");
    }

    /** The peers of the ingress rules that name {@code port}. */
    private static List<JsonNode> peersOfPort(JsonNode policy, int port) {
        List<JsonNode> peers = new ArrayList<>();
        for (JsonNode rule : policy.path("ingress")) {
            for (JsonNode p : rule.path("ports")) {
                if (p.path("port").asInt() == port) {
                    rule.path("from").forEach(peers::add);
                }
            }
        }
        return peers;
    }

    private static JsonNode container(JsonNode podSpec, String name) {
        for (JsonNode c : podSpec.path("containers")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + podSpec);
    }

    private static JsonNode single(String file, String kind) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        try (var documents = new YAMLMapper()
                .readerFor(JsonNode.class)
                .<JsonNode>readValues(DEPLOY.resolve(file).toFile())) {
            documents.forEachRemaining(doc -> {
                if (kind.equals(doc.path("kind").asText())) {
                    found.add(doc);
                }
            });
        }
        assertThat(found).as("%s in %s", kind, file).hasSize(1);
        return found.get(0);
    }
}
