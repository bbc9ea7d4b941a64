package io.slipway.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.slipway.testsupport.architecture.ModuleRules;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Boundaries the design relies on, checked on the compiled classes. */
class ArchitectureTests {
    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.slipway.orchestrator");

    /**
     * The orchestrator's modules and the modules each may use: the diagram of docs/decisions.md
     * (decision 44) as a table. A new edge is a design decision: add it here, with its reason
     * there.
     */
    static final Map<String, Set<String>> MODULES =
            Map.ofEntries(
                    // the application and its wiring: may use every module it starts
                    Map.entry(
                            ModuleRules.ROOT,
                            Set.of(
                                    "access",
                                    "agentlink",
                                    "audit",
                                    "crash",
                                    "creation",
                                    "database",
                                    "domains",
                                    "eventstore",
                                    "gate",
                                    "hosts",
                                    "inbox",
                                    "outbox",
                                    "placement",
                                    "problems",
                                    "projection",
                                    "reap",
                                    "recovery",
                                    "security",
                                    "sweeper",
                                    "telemetry",
                                    "templates",
                                    "web")),
                    Map.entry("creation", Set.of()),
                    // trace context, logging MDC, scrape-time memo: a leaf
                    Map.entry("telemetry", Set.of()),
                    Map.entry("crash", Set.of()),
                    // held closed while a recovery catches the log up: a leaf the actors read
                    Map.entry("gate", Set.of()),
                    // the API's problem types, written by web and by the security filters
                    Map.entry("problems", Set.of()),
                    Map.entry("security", Set.of("problems")),
                    Map.entry("access", Set.of()),
                    Map.entry("database", Set.of()),
                    Map.entry("inbox", Set.of()),
                    Map.entry("hosts", Set.of("telemetry")),
                    Map.entry("audit", Set.of("security")),
                    Map.entry("eventstore", Set.of("creation", "security")),
                    Map.entry("outbox", Set.of("crash", "gate", "telemetry")),
                    Map.entry("placement", Set.of("creation")),
                    Map.entry("projection", Set.of("creation", "eventstore", "telemetry")),
                    Map.entry("reap", Set.of("gate", "hosts", "inbox", "outbox")),
                    Map.entry(
                            "domains",
                            Set.of(
                                    "creation",
                                    "crash",
                                    "eventstore",
                                    "inbox",
                                    "outbox",
                                    "placement",
                                    "projection",
                                    "reap",
                                    "security",
                                    "telemetry")),
                    Map.entry(
                            "recovery",
                            Set.of(
                                    "creation",
                                    "domains",
                                    "eventstore",
                                    "gate",
                                    "hosts",
                                    "projection",
                                    "reap")),
                    Map.entry("templates", Set.of("creation")),
                    Map.entry(
                            "agentlink",
                            Set.of("access", "domains", "gate", "hosts", "inbox", "reap")),
                    Map.entry(
                            "sweeper",
                            Set.of(
                                    "creation",
                                    "domains",
                                    "eventstore",
                                    "gate",
                                    "hosts",
                                    "inbox",
                                    "reap")),
                    Map.entry(
                            "web",
                            Set.of(
                                    "access",
                                    "audit",
                                    "creation",
                                    "domains",
                                    "eventstore",
                                    "hosts",
                                    "outbox",
                                    "placement",
                                    "problems",
                                    "projection",
                                    "reap",
                                    "recovery",
                                    "security",
                                    "templates")));

    private static final ModuleRules RULES = new ModuleRules("io.slipway.orchestrator", MODULES);

    @Test
    void noModuleReachesItselfThroughOthers() {
        RULES.noCycles().check(CLASSES);
    }

    @Test
    void everyModuleUsesOnlyTheModulesItNames() {
        RULES.onlyAllowedDependencies().check(CLASSES);
    }

    @Test
    void theDeclaredPermissionsHaveNoCycle() {
        assertThat(RULES.declaredCycle()).isEmpty();
    }

    @Test
    void theDecisionCoreIsPureNoSpringNoDatabaseNoKafkaNoClock() {
        noClasses()
                .that()
                .resideInAPackage("io.slipway.orchestrator.creation..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "jakarta..",
                        "java.sql..",
                        "javax.sql..",
                        "org.apache.kafka..",
                        "com.fasterxml..",
                        "tools.jackson..")
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
                .doNotHaveFullyQualifiedName("io.slipway.orchestrator.domains.DomainService")
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
}
