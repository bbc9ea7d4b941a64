package io.slipway.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Boundaries the design relies on, checked on the compiled classes. */
class ArchitectureTests {
    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.slipway.orchestrator");

    /**
     * The decision core: what a replay runs, and what the decider tests exercise without Spring.
     */
    private static final String[] DECISION_CORE = {
        "io.slipway.orchestrator.creation.CreationDecider",
        "io.slipway.orchestrator.creation.CreationPlan",
        "io.slipway.orchestrator.creation.DomainState",
        "io.slipway.orchestrator.creation.StepState",
        "io.slipway.orchestrator.creation.DomainEvent",
        "io.slipway.orchestrator.creation.Trigger",
        "io.slipway.orchestrator.creation.DomainStatus",
        "io.slipway.orchestrator.creation.StepStatus"
    };

    @Test
    void theDeciderIsPureNoSpringNoDatabaseNoKafkaNoClock() {
        noClasses()
                .that()
                .haveNameMatching("(" + String.join("|", escaped(DECISION_CORE)) + ")(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..", "java.sql..", "javax.sql..", "org.apache.kafka..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.time.Clock")
                .because(
                        "decisions must replay identically from the log: time arrives on the input")
                .check(CLASSES);
    }

    @Test
    void onlyTheDomainServiceAppendsEvents() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("io.slipway.orchestrator.creation.DomainService")
                .should()
                .callMethod(
                        "io.slipway.orchestrator.eventstore.EventStore",
                        "append",
                        "io.slipway.protocol.DomainId",
                        "int",
                        "java.util.List",
                        "java.time.Instant",
                        "java.util.UUID",
                        "io.slipway.orchestrator.security.Actor")
                .because("the orchestrator is the only writer of events, through one path")
                .check(CLASSES);
    }

    private static String[] escaped(String[] names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].replace(".", "\\.");
        }
        return out;
    }
}
