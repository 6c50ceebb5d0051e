package io.regimestream.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which way the doors of common's rooms open, checked on the compiled main classes: the record
 * types are plain values, the JSON codecs know nothing of InfluxDB's line protocol (nor it of
 * them), and the Kafka admin calls stand apart.
 */
class PackageRulesTest {

    private static final String COMMON = "io.regimestream.common";
    private static JavaClasses common;

    @BeforeAll
    static void importMainClasses() {
        common = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(COMMON);
    }

    @Test
    void codecsNeverWriteInfluxDbText() {
        noClasses()
                .that()
                .resideInAPackage(COMMON + ".codec..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(COMMON + ".influx..")
                .because("JSON on Kafka and line protocol for InfluxDB are two formats with their own rules")
                .check(common);
        noClasses()
                .that()
                .resideInAPackage(COMMON + ".influx..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(COMMON + ".codec..")
                .check(common);
    }

    @Test
    void recordsAreValuesWithoutFormats() {
        noClasses()
                .that()
                .resideInAPackage(COMMON + ".records..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(COMMON + ".codec..", COMMON + ".influx..", COMMON + ".io..", COMMON + ".kafka..")
                .because("how a record is written or read lives beside it, not in it")
                .check(common);
    }

    @Test
    void onlyTheKafkaRoomTalksToKafka() {
        noClasses()
                .that()
                .resideOutsideOfPackage(COMMON + ".kafka..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka..")
                .because(
                        "Kafka's client is provided by the modules that use common's Kafka calls, and no other room may need it")
                .check(common);
    }
}
