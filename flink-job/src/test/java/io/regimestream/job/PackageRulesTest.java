package io.regimestream.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the job and which way their doors open, checked on the compiled main classes (the
 * enforcer checks the same between modules). The wiring ({@code io.regimestream.job} itself: the
 * pipeline, its start-up checks, {@code bin/job}) sits on top and may use every room; the rooms
 * below never reach up to it, and the plain ones (records, configuration, drift arithmetic, sinks)
 * never reach into the operators that use them.
 */
class PackageRulesTest {

    private static final String JOB = "io.regimestream.job";
    private static JavaClasses job;

    @BeforeAll
    static void importMainClasses() {
        job = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(JOB);
    }

    @Test
    void noRoomReachesUpToTheWiring() {
        noClasses()
                .that()
                .resideInAPackage(JOB + ".(*)..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(JOB)
                .because("the pipeline and its start-up sit on top of the rooms, which know nothing of them")
                .check(job);
    }

    @Test
    void driftArithmeticNeverReachesIntoTheOperators() {
        noClasses()
                .that()
                .resideInAPackage(JOB + ".health..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        JOB + ".functions..",
                        JOB + ".sinks..",
                        JOB + ".updates..",
                        JOB + ".shadow..",
                        JOB + ".canary..",
                        JOB + ".options..")
                .because("drift is measured on plain values; the scoring operator feeds it, never the other way round")
                .check(job);
    }

    @Test
    void sinksTakeRecordsAndKnowNothingOfScoring() {
        noClasses()
                .that()
                .resideInAPackage(JOB + ".sinks..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(JOB + ".functions..", JOB + ".updates..", JOB + ".shadow..")
                .because(
                        "a sink writes what it is given (records, health figures); how it was scored is not its business")
                .check(job);
    }

    @Test
    void configurationIsPlainValues() {
        noClasses()
                .that()
                .resideInAPackage(JOB + ".config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        JOB + ".functions..",
                        JOB + ".sinks..",
                        JOB + ".updates..",
                        JOB + ".shadow..",
                        JOB + ".canary..")
                .because("every factory takes its configuration group; a group never builds a part of the job")
                .check(job);
    }

    @Test
    void recordsAreDataOnly() {
        noClasses()
                .that()
                .resideInAPackage(JOB + ".records..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        JOB + ".functions..",
                        JOB + ".sinks..",
                        JOB + ".health..",
                        JOB + ".updates..",
                        JOB + ".options..")
                .because("the records flow between the operators and sinks; they use none of them")
                .check(job);
    }
}
