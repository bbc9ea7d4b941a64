package io.slipway.orchestrator;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.slipway.testfixture.modules.a.Alpha;
import io.slipway.testfixture.modules.b.BackEdge;
import io.slipway.testfixture.modules.b.Beta;
import io.slipway.testfixture.modules.c.Gamma;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The module rules fail on what they are meant to catch: a back edge and a cycle, built in the
 * fixture packages {@code io.slipway.testfixture.modules.a|b|c}.
 */
class ModuleRulesTests {
    private static final String BASE = "io.slipway.testfixture.modules";
    private static final Map<String, Set<String>> DECLARED =
            Map.of("a", Set.of("b"), "b", Set.of(), "c", Set.of("a"));
    private static final JavaClasses LAYERED =
            new ClassFileImporter().importClasses(Alpha.class, Beta.class, Gamma.class);
    private static final JavaClasses WITH_BACK_EDGE =
            new ClassFileImporter()
                    .importClasses(Alpha.class, Beta.class, Gamma.class, BackEdge.class);

    @Test
    void modulesThatKeepToTheirDeclarationPass() {
        assertThatCode(() -> new ModuleRules(BASE, DECLARED).checkAll(LAYERED))
                .doesNotThrowAnyException();
    }

    @Test
    void aBackEdgeIsNamedWithTheDependencyThatMakesIt() {
        assertThatThrownBy(() -> new ModuleRules(BASE, DECLARED).checkDependencies(WITH_BACK_EDGE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("b -> c")
                .hasMessageContaining("BackEdge");
    }

    @Test
    void aCycleFailsEvenWhenTheDeclarationAllowsEveryEdge() {
        Map<String, Set<String>> permissive =
                Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"));
        assertThatThrownBy(
                        () -> new ModuleRules(BASE, permissive).checkFreeOfCycles(WITH_BACK_EDGE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle");
        assertThatThrownBy(() -> new ModuleRules(BASE, permissive).checkDeclarationIsAcyclic())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void aModuleNobodyDeclaredFails() {
        assertThatThrownBy(
                        () ->
                                new ModuleRules(BASE, Map.of("a", Set.of("b"), "b", Set.of()))
                                        .checkDependencies(LAYERED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("module 'c'");
    }
}
