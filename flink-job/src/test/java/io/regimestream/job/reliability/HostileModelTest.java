package io.regimestream.job.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.job.KafkaPipelineIo;
import io.regimestream.job.RegimeScoringPipeline;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.testing.TestFlink;
import io.regimestream.model.ModelException;
import io.regimestream.model.RegimeModel;
import io.regimestream.model.testing.TestModels;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile or wrong models are refused when the job starts, with a message naming the file and the
 * mismatch, without fetching anything an entity points to and without blowing up memory. (The
 * basic cases, a file:// entity and a renamed input, are in RegimeModelTest.)
 */
class HostileModelTest {

    @TempDir
    Path dir;

    /** Counts every request: an entity or DTD that is resolved would show up here. */
    private HttpServer attacker;

    private final AtomicInteger fetched = new AtomicInteger();

    @BeforeEach
    void startAttackerServer() throws Exception {
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", exchange -> {
            fetched.incrementAndGet();
            byte[] body = "<!ENTITY leak \"fetched\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attacker.start();
    }

    @AfterEach
    void stopAttackerServer() {
        attacker.stop(0);
    }

    @Test
    void externalEntitiesAndDtdsAreRefusedWithoutBeingFetched() throws Exception {
        String url = "http://127.0.0.1:" + attacker.getAddress().getPort();
        Path secret = Files.writeString(dir.resolve("secret.txt"), "top secret");
        List<String> doctypes = List.of(
                "<!DOCTYPE PMML SYSTEM \"" + url + "/evil.dtd\">",
                "<!DOCTYPE PMML [<!ENTITY % remote SYSTEM \"" + url + "/param.dtd\"> %remote;]>",
                "<!DOCTYPE PMML [<!ENTITY leak SYSTEM \"" + url + "/entity\">]>",
                "<!DOCTYPE PMML [<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">]>");
        for (String doctype : doctypes) {
            Path pmml = withDoctype(doctype, "&leak;");
            assertThatThrownBy(() -> RegimeModel.load(pmml.toString()))
                    .as(doctype)
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining(pmml.toString())
                    .hasMessageContaining("DOCTYPE")
                    .hasMessageNotContaining("top secret")
                    .hasMessageNotContaining("fetched");
        }
        assertThat(fetched).as("requests to the URLs in the entities").hasValue(0);
    }

    @Test
    void aBillionLaughsModelIsRefusedQuicklyWithoutExhaustingMemory() throws Exception {
        StringBuilder entities = new StringBuilder("<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            entities.append("<!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10))
                    .append("\">");
        }
        Path pmml = withDoctype("<!DOCTYPE PMML [" + entities + "]>", "&lol9;");
        Runtime runtime = Runtime.getRuntime();
        long usedBefore = runtime.totalMemory() - runtime.freeMemory();

        // Expanded, &lol9; would be 3 * 10^9 characters (6 GB): refusing it must take no time and no heap.
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThatThrownBy(() -> RegimeModel.load(pmml.toString()))
                        .isInstanceOf(ModelException.class)
                        .hasMessageContaining(pmml.toString())
                        .hasMessageContaining("DOCTYPE"));
        long usedAfter = runtime.totalMemory() - runtime.freeMemory();
        assertThat(usedAfter - usedBefore).as("heap grown while refusing").isLessThan(256L * 1024 * 1024);
    }

    @Test
    void aModelWithAnInputBesidesTemperatureIsRefusedNamingTheFields() throws Exception {
        Path pmml = TestModels.standIn(dir);
        Files.writeString(
                pmml,
                Files.readString(pmml)
                        .replace(
                                "<DataField name=\"temperature\" optype=\"continuous\" dataType=\"double\"/>",
                                "<DataField name=\"temperature\" optype=\"continuous\" dataType=\"double\"/>"
                                        + "<DataField name=\"humidity\" optype=\"continuous\" dataType=\"double\"/>")
                        .replace("numberOfFields=\"2\"", "numberOfFields=\"3\"")
                        .replace(
                                "<MiningField name=\"temperature\"/>",
                                "<MiningField name=\"temperature\"/><MiningField name=\"humidity\"/>")
                        .replaceFirst(
                                "(<NumericPredictor name=\"temperature\" coefficient=\"4.444444\"/>)",
                                "$1<NumericPredictor name=\"humidity\" coefficient=\"0.1\"/>"));

        assertThatThrownBy(() -> startJob(pmml))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(pmml.toString())
                .hasMessageContaining("has input fields [temperature, humidity]")
                .hasMessageContaining("can feed only [temperature]");
    }

    @Test
    void aRegressionModelIsRefusedBecauseItsTargetIsNotCategorical() throws Exception {
        Path pmml = dir.resolve("model.pmml");
        Files.writeString(pmml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
                  <Header/>
                  <DataDictionary numberOfFields="2">
                    <DataField name="temperature" optype="continuous" dataType="double"/>
                    <DataField name="label" optype="continuous" dataType="double"/>
                  </DataDictionary>
                  <RegressionModel functionName="regression">
                    <MiningSchema>
                      <MiningField name="label" usageType="target"/>
                      <MiningField name="temperature"/>
                    </MiningSchema>
                    <RegressionTable intercept="-2.0">
                      <NumericPredictor name="temperature" coefficient="0.08"/>
                    </RegressionTable>
                  </RegressionModel>
                </PMML>
                """);

        assertThatThrownBy(() -> startJob(pmml))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(pmml.toString())
                .hasMessageContaining("target field 'label' is continuous, expected a categorical regime");
    }

    @Test
    void aModelWhoseSha256DiffersFromModelJsonFailsTheJobAtStartNamingBothFiles() throws Exception {
        Path pmml = TestModels.standIn(dir);
        String recorded = sha256(Files.readAllBytes(pmml));
        new ModelMetadata(
                        "v1",
                        recorded,
                        4,
                        null,
                        List.of("temperature"),
                        "label",
                        0.99,
                        null,
                        null,
                        null,
                        null,
                        null,
                        42,
                        "test",
                        null,
                        null)
                .write(dir.resolve("model.json"));
        // The model is swapped (one coefficient changed) without retraining: model.json no longer fits.
        Files.writeString(pmml, Files.readString(pmml).replace("4.444444", "4.444445"));
        String actual = sha256(Files.readAllBytes(pmml));

        assertThatThrownBy(() -> startJob(pmml))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(pmml.toString())
                .hasMessageContaining("has sha256 " + actual)
                .hasMessageContaining(dir.resolve("model.json") + " says " + recorded)
                .hasMessageContaining("do not belong together");
    }

    // ---------------------------------------------------------------- helpers

    /** Builds the job as main does: the model is checked before anything is submitted. */
    private static void startJob(Path model) {
        JobConfig config = JobConfig.defaults("127.0.0.1:9").withModel(m -> m.withLocation(model.toString()));
        RegimeScoringPipeline.build(TestFlink.environment(), config, KafkaPipelineIo.of(config));
    }

    /** The stand-in model with {@code doctype} before the root and {@code reference} in the header's description. */
    private Path withDoctype(String doctype, String reference) throws Exception {
        Path pmml = TestModels.standIn(Files.createTempDirectory(dir, "model"));
        Files.writeString(
                pmml,
                Files.readString(pmml)
                        .replace("<PMML ", doctype + "\n<PMML ")
                        .replace(
                                "description=\"test stand-in for the regime classifier\"",
                                "description=\"" + reference + "\""));
        return pmml;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
