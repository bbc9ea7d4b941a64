package io.slipway.agent.architecture;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.slipway.testsupport.architecture.ModuleRules;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The host agent's packages are modules: each names the agent modules it may use, and nothing else
 * is used (checked on the compiled main classes). {@link ModuleRulesTests} shows the same rules
 * failing on a fixture with a cycle and a back edge.
 *
 * <p>The permissions form layers: a module uses only modules on lower layers (or, for {@code
 * hypervisor.artifacts} and the drivers, the driver interface below them).
 *
 * <pre>
 *   5  fleet -> (root), inbox, report, run       (many simulated hosts in one process)
 *   4  (root: AgentMain, Agent, HostRuntime - wires inbox, run, report and a driver)
 *   3  inbox -> run, report, durable           simtools -> hypervisor.sim, report, hypervisor
 *   2  run -> step, report, hypervisor, durable    hypervisor.libvirt -> hypervisor.artifacts
 *   1  step, report, hypervisor.artifacts -> hypervisor    hypervisor.sim -> hypervisor, durable
 *   0  hypervisor, durable, libvirt.host (leaves)
 * </pre>
 */
class AgentArchitectureTests {
    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.slipway.agent");

    /** Every agent module and the agent modules it may use (protocol and libraries are free). */
    static final Map<String, Set<String>> MODULES =
            Map.ofEntries(
                    // main, flags, wiring: may use every module it starts
                    entry(
                            ModuleRules.ROOT,
                            Set.of(
                                    "hypervisor",
                                    "hypervisor.libvirt",
                                    "hypervisor.sim",
                                    "inbox",
                                    "report",
                                    "run",
                                    "telemetry")),
                    // many simulated hosts sharing one process's Kafka clients and threads
                    entry("fleet", Set.of(ModuleRules.ROOT, "inbox", "report", "run", "telemetry")),
                    // meters, the metrics endpoint, a step's trace context and MDC: a leaf
                    entry("telemetry", Set.of()),
                    // atomic files: a leaf
                    entry("durable", Set.of()),
                    // the driver interface and the domain as the hypervisor holds it: a leaf
                    entry("hypervisor", Set.of()),
                    entry("hypervisor.artifacts", Set.of("hypervisor")),
                    entry("hypervisor.libvirt", Set.of("hypervisor", "hypervisor.artifacts")),
                    entry("hypervisor.sim", Set.of("hypervisor", "durable")),
                    // one class per step, over the driver only
                    entry("step", Set.of("hypervisor")),
                    entry("report", Set.of("hypervisor", "telemetry")),
                    entry("run", Set.of("durable", "hypervisor", "report", "step", "telemetry")),
                    entry("inbox", Set.of("durable", "report", "run", "telemetry")),
                    // command-line tools over a simulated host's directory
                    entry("simtools", Set.of("hypervisor", "hypervisor.sim", "report")),
                    // preparing a real host for libvirt (tests and devstack)
                    entry("libvirt.host", Set.of()));

    private static final ModuleRules RULES = new ModuleRules("io.slipway.agent", MODULES);

    @Test
    void noAgentPackageReachesItselfThroughOthers() {
        RULES.noCycles().check(CLASSES);
    }

    @Test
    void everyAgentPackageUsesOnlyTheModulesItDeclares() {
        RULES.onlyAllowedDependencies().check(CLASSES);
    }

    @Test
    void theDeclaredPermissionsHaveNoCycle() {
        assertThat(RULES.declaredCycle()).isEmpty();
    }

    @Test
    void everyDeclaredModuleHasClasses() {
        assertThat(RULES.modules())
                .allMatch(
                        m ->
                                CLASSES.stream()
                                        .anyMatch(
                                                c ->
                                                        RULES.moduleOf(c)
                                                                .equals(java.util.Optional.of(m))),
                        "a declared module has classes");
    }
}
