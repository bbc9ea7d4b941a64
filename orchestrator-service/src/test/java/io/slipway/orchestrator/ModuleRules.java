package io.slipway.orchestrator;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Packages as modules, Spring Modulith style: each direct sub-package of {@code base} is a module
 * that names the modules it may use. Types directly in {@code base} (the application and its
 * wiring) may use every module. A dependency on a module not named, a module not declared, or a
 * cycle between modules fails the check with every offending dependency listed.
 */
final class ModuleRules {
    private final String base;
    private final Map<String, Set<String>> allowed;

    ModuleRules(String base, Map<String, Set<String>> allowed) {
        this.base = base;
        this.allowed = new TreeMap<>(allowed);
    }

    /** Fails unless the declared dependencies themselves form no cycle. */
    void checkDeclarationIsAcyclic() {
        Set<String> done = new HashSet<>();
        for (String module : allowed.keySet()) {
            visit(module, new ArrayList<>(), done);
        }
    }

    private void visit(String module, List<String> path, Set<String> done) {
        if (path.contains(module)) {
            path.add(module);
            throw new AssertionError("declared module dependencies form a cycle: " + path);
        }
        if (!done.add(module) && path.isEmpty()) {
            return;
        }
        path.add(module);
        for (String next : allowed.getOrDefault(module, Set.of())) {
            visit(next, path, done);
        }
        path.remove(path.size() - 1);
    }

    /** Fails on every dependency between modules that the declaration does not allow. */
    void checkDependencies(JavaClasses classes) {
        Set<String> violations = new TreeSet<>();
        for (JavaClass c : classes) {
            String from = moduleOf(c.getPackageName());
            if (from == null || from.isEmpty()) {
                continue; // outside the base, or the application itself
            }
            Set<String> may = allowed.get(from);
            if (may == null) {
                violations.add("module '" + from + "' (" + c.getName() + ") is not declared");
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = moduleOf(d.getTargetClass().getPackageName());
                if (to == null || to.isEmpty() || to.equals(from) || may.contains(to)) {
                    continue;
                }
                violations.add(from + " -> " + to + ": " + d.getDescription());
            }
        }
        if (!violations.isEmpty()) {
            throw new AssertionError(
                    violations.size()
                            + " dependencies between modules are not allowed:\n  "
                            + String.join("\n  ", violations));
        }
    }

    /** Fails on any cycle between the modules, whatever the declaration says. */
    void checkFreeOfCycles(JavaClasses classes) {
        SlicesRuleDefinition.slices()
                .matching(base + ".(*)..")
                .should()
                .beFreeOfCycles()
                .because("a module must not reach itself through others")
                .check(classes);
    }

    void checkAll(JavaClasses classes) {
        checkDeclarationIsAcyclic();
        checkDependencies(classes);
        checkFreeOfCycles(classes);
    }

    /** The module a package belongs to; "" for the base itself, null outside it. */
    private String moduleOf(String pkg) {
        if (pkg.equals(base)) {
            return "";
        }
        if (!pkg.startsWith(base + ".")) {
            return null;
        }
        String rest = pkg.substring(base.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
