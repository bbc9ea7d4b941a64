package io.slipway.testsupport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Packages as modules, Spring Modulith style, over the classes below one root package. A module is
 * a package named relative to the root ({@code "run"}, {@code "hypervisor.sim"}; {@link #ROOT} for
 * the root package itself) together with its sub-packages that are not modules of their own. Each
 * module names the modules it may use; a dependency on any other module, a class outside every
 * module, and a cycle between the root's top-level packages are violations. Built from data, so the
 * same code checks the agent and, in its self-test, a fixture with known faults.
 */
public final class ModuleRules {
    /** The root package itself (the agent's composition root: its main and its wiring). */
    public static final String ROOT = "(root)";

    private final String root;
    private final Map<String, Set<String>> allowed;

    /**
     * @param root the root package, e.g. {@code io.slipway.agent}
     * @param allowed every module and the modules it may depend on
     */
    public ModuleRules(String root, Map<String, Set<String>> allowed) {
        this.root = root;
        this.allowed = new TreeMap<>(allowed);
        allowed.forEach(
                (module, uses) -> {
                    if (!allowed.keySet().containsAll(uses)) {
                        throw new IllegalArgumentException(
                                module + " may use undeclared modules: " + uses);
                    }
                });
    }

    /** No cycle between the root's top-level packages (with everything below each of them). */
    public ArchRule noCycles() {
        return slices().matching(root + ".(*)..")
                .should()
                .beFreeOfCycles()
                .because("a module that reaches itself through others cannot be read on its own");
    }

    /** Every class is in a declared module and depends only on its module's allowed modules. */
    public ArchRule onlyAllowedDependencies() {
        return classes()
                .that()
                .resideInAPackage(root + "..")
                .should(
                        new ArchCondition<JavaClass>(
                                "be in a declared module and use only the modules it allows") {
                            @Override
                            public void check(JavaClass c, ConditionEvents events) {
                                checkClass(c, events);
                            }
                        })
                .because("each module names what it may use: " + allowed);
    }

    /** A cycle in the declared permissions themselves, if any (then the map is wrong). */
    public Optional<List<String>> declaredCycle() {
        Set<String> done = new HashSet<>();
        for (String start : allowed.keySet()) {
            Optional<List<String>> cycle = cycleFrom(start, new ArrayDeque<>(), done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    /** The declared modules, in name order. */
    public Set<String> modules() {
        return allowed.keySet();
    }

    /** The module {@code c} belongs to: the longest declared package containing it. */
    public Optional<String> moduleOf(JavaClass c) {
        String pkg = c.getPackageName();
        if (pkg.equals(root)) {
            return allowed.containsKey(ROOT) ? Optional.of(ROOT) : Optional.empty();
        }
        if (!pkg.startsWith(root + ".")) {
            return Optional.empty();
        }
        String relative = pkg.substring(root.length() + 1);
        String best = null;
        for (String m : allowed.keySet()) {
            if ((relative.equals(m) || relative.startsWith(m + "."))
                    && (best == null || m.length() > best.length())) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    private void checkClass(JavaClass c, ConditionEvents events) {
        Optional<String> from = moduleOf(c);
        if (from.isEmpty()) {
            events.add(
                    SimpleConditionEvent.violated(
                            c, c.getName() + " is in no declared module: declare its package"));
            return;
        }
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
            JavaClass target = d.getTargetClass().getBaseComponentType();
            if (!target.getPackageName().equals(root)
                    && !target.getPackageName().startsWith(root + ".")) {
                continue;
            }
            Optional<String> to = moduleOf(target);
            if (to.isPresent() && (to.equals(from) || allowed.get(from.get()).contains(to.get()))) {
                continue;
            }
            events.add(
                    SimpleConditionEvent.violated(
                            d,
                            from.get()
                                    + " -> "
                                    + to.orElse("an undeclared package")
                                    + " is not allowed: "
                                    + d.getDescription()));
        }
    }

    private Optional<List<String>> cycleFrom(String module, Deque<String> path, Set<String> done) {
        if (path.contains(module)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String m : (Iterable<String>) path::descendingIterator) {
                in |= m.equals(module);
                if (in) {
                    cycle.add(m);
                }
            }
            cycle.add(module);
            return Optional.of(cycle);
        }
        if (done.contains(module)) {
            return Optional.empty();
        }
        path.push(module);
        for (String next : new TreeSet<>(allowed.get(module))) {
            Optional<List<String>> cycle = cycleFrom(next, path, done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.pop();
        done.add(module);
        return Optional.empty();
    }
}
