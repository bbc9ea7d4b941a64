package io.slipway.testsupport.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules of the architecture tests of the agent and the orchestrator can fail: run on the
 * fixture package (test classes, not part of the agent), whose packages {@code a} and {@code b} use
 * each other while {@code c} uses nothing, they report the cycle and the edge the permissions
 * forbid.
 */
class ModuleRulesTests {
    private static final String FIXTURE = "io.slipway.testsupport.architecture.fixture";
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void theCycleRuleReportsTwoPackagesThatUseEachOther() {
        ModuleRules rules = new ModuleRules(FIXTURE, Map.of("a", Set.of("b"), "b", Set.of("a")));

        EvaluationResult result = rules.noCycles().evaluate(CLASSES);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("Cycle detected")
                .contains("Upstream")
                .contains("Downstream");
    }

    @Test
    void theDependencyRuleReportsAnEdgeTheModuleDoesNotAllow() {
        ModuleRules rules =
                new ModuleRules(FIXTURE, Map.of("a", Set.of("b"), "b", Set.of(), "c", Set.of()));

        EvaluationResult result = rules.onlyAllowedDependencies().evaluate(CLASSES);

        assertThat(result.getFailureReport().getDetails())
                .isNotEmpty()
                .allMatch(d -> d.contains("b -> a is not allowed"), "only the back edge b -> a")
                .anyMatch(d -> d.contains("Downstream.back()"));
    }

    @Test
    void theDependencyRuleAcceptsEveryEdgeItAllows() {
        ModuleRules rules =
                new ModuleRules(FIXTURE, Map.of("a", Set.of("b"), "b", Set.of("a"), "c", Set.of()));

        assertThat(rules.onlyAllowedDependencies().evaluate(CLASSES).hasViolation()).isFalse();
    }

    @Test
    void aPackageOutsideEveryDeclaredModuleIsReported() {
        ModuleRules rules = new ModuleRules(FIXTURE, Map.of("a", Set.of("b"), "b", Set.of("a")));

        assertThat(
                        rules.onlyAllowedDependencies()
                                .evaluate(CLASSES)
                                .getFailureReport()
                                .getDetails())
                .anyMatch(d -> d.contains("fixture.c.Leaf is in no declared module"));
    }

    @Test
    void aSubPackageBelongsToTheLongestDeclaredModuleContainingIt() {
        ModuleRules rules =
                new ModuleRules("io.slipway.testsupport.architecture", Map.of("fixture", Set.of()));
        ModuleRules finer =
                new ModuleRules(
                        "io.slipway.testsupport.architecture",
                        Map.of("fixture", Set.of(), "fixture.a", Set.of("fixture")));
        var upstream = CLASSES.get("io.slipway.testsupport.architecture.fixture.a.Upstream");

        assertThat(rules.moduleOf(upstream)).contains("fixture");
        assertThat(finer.moduleOf(upstream)).contains("fixture.a");
    }

    @Test
    void permissionsThatFormACycleAreReported() {
        ModuleRules rules =
                new ModuleRules(
                        FIXTURE, Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a")));

        assertThat(rules.declaredCycle()).hasValueSatisfying(c -> assertThat(c).hasSize(4));
        assertThat(
                        new ModuleRules(FIXTURE, Map.of("a", Set.of("b"), "b", Set.of()))
                                .declaredCycle())
                .isEmpty();
    }
}
