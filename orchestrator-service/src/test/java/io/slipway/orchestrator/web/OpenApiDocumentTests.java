package io.slipway.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.creation.DomainEvent;
import io.slipway.orchestrator.creation.DomainStatus;
import io.slipway.orchestrator.creation.StepStatus;
import io.slipway.orchestrator.hosts.HostState;
import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.orchestrator.reap.ReapTable;
import io.slipway.orchestrator.security.Role;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.StepName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the code, without starting it: every enum it states equals the Java
 * enum it stands for, every problem type the code can answer with is in it and has its page in
 * {@code docs/problems/}, and every reference resolves. (The operations and real responses are
 * checked against a running application by {@link OpenApiDriftIntegrationTests}.)
 */
class OpenApiDocumentTests {
    private static final Path PROBLEM_PAGES = Path.of("..", "docs", "problems");
    private final OpenApiDocument doc = OpenApiDocument.load();

    @Test
    void everyEnumOfTheDocumentEqualsItsJavaEnumInOrder() {
        Map<String, List<String>> java = new LinkedHashMap<>();
        java.put("DomainState", names(DomainStatus.values()));
        java.put("StepStatus", names(StepStatus.values()));
        java.put("StepName", names(StepName.values()));
        java.put("HostState", names(HostState.values()));
        java.put("ReapKind", names(ReapTable.Kind.values()));
        java.put("ReapState", names(ReapTable.State.values()));
        java.put("MarkerState", names(DomainMarker.State.values()));
        java.forEach(
                (schema, values) ->
                        assertThat(doc.enumOf(schema))
                                .as("enum %s of the document", schema)
                                .isEqualTo(values));
        // the compiler lists an inferred permits clause in no promised order
        assertThat(doc.enumOf("EventType"))
                .containsExactlyInAnyOrder(
                        Arrays.stream(DomainEvent.class.getPermittedSubclasses())
                                .map(Class::getSimpleName)
                                .toArray(String[]::new));
    }

    @Test
    void theProblemTypesOfTheDocumentAreExactlyTheCodes() {
        Set<String> code =
                Arrays.stream(ProblemType.values())
                        .map(t -> t.uri().toString())
                        .collect(Collectors.toCollection(TreeSet::new));

        assertThat(new TreeSet<>(doc.enumOf("ProblemType"))).isEqualTo(code);
        assertThat(code)
                .as("every type a response of the document names is a type of the code")
                .containsAll(doc.problemTypeUris());
    }

    @Test
    void everyProblemTypeHasItsPage() throws IOException {
        List<String> missing = new ArrayList<>();
        for (ProblemType t : ProblemType.values()) {
            Path page = PROBLEM_PAGES.resolve(t.slug() + ".md");
            if (!Files.isRegularFile(page)) {
                missing.add(page.toString());
            } else {
                String text = Files.readString(page);
                if (!text.contains(t.uri().toString()) || !text.contains("```json")) {
                    missing.add(page + " (must name its type URI and show an example body)");
                }
            }
        }
        assertThat(missing).isEmpty();
        try (Stream<Path> pages = Files.list(PROBLEM_PAGES)) {
            Set<String> slugs =
                    Arrays.stream(ProblemType.values())
                            .map(ProblemType::slug)
                            .collect(Collectors.toSet());
            assertThat(
                            pages.map(p -> p.getFileName().toString())
                                    .filter(n -> n.endsWith(".md") && !n.equals("README.md"))
                                    .map(n -> n.substring(0, n.length() - 3)))
                    .as("a page for a type the code no longer has")
                    .allMatch(slugs::contains);
        }
    }

    /** A type URI written anywhere but in {@link ProblemType} would escape the two checks above. */
    @Test
    void noCodeButTheRegistryWritesAProblemTypeUri() throws IOException {
        Path main = Path.of("src", "main", "java");
        try (Stream<Path> files = Files.walk(main)) {
            List<String> writers =
                    files.filter(p -> p.toString().endsWith(".java"))
                            .filter(p -> !p.endsWith(Path.of("problems", "ProblemType.java")))
                            .filter(p -> read(p).contains("slipway.io/problems"))
                            .map(Path::toString)
                            .toList();
            assertThat(writers).isEmpty();
        }
    }

    @Test
    void everyReferenceResolves() {
        for (String ref : doc.references()) {
            assertThat(doc.pointer(ref)).as(ref).isNotNull();
        }
    }

    @Test
    void everyOperationNamesItsRolesAndAnswersUnauthenticatedAndForbiddenCallersWithProblems() {
        Set<String> roles =
                Arrays.stream(Role.values()).map(Role::claimValue).collect(Collectors.toSet());
        for (String op : doc.operations()) {
            String[] parts = op.split(" ", 2);
            Map<String, Object> operation = doc.operation(parts[0], parts[1]);
            List<Object> requirement =
                    OpenApiDocument.list(
                            OpenApiDocument.map(
                                            OpenApiDocument.list(operation.get("security")).get(0))
                                    .get("bearer"));
            assertThat(requirement).as(op).isNotEmpty();
            assertThat(requirement.stream().map(String::valueOf)).as(op).allMatch(roles::contains);
            assertThat(operation.get("x-slipway-roles")).as(op).isEqualTo(requirement);
            assertThat(doc.response(parts[0], parts[1], 401).get("content").toString())
                    .contains("application/problem+json");
            assertThat(doc.response(parts[0], parts[1], 403).get("content").toString())
                    .contains("application/problem+json");
        }
    }

    @Test
    void theSchemaCheckRefusesAnUndocumentedMemberAWrongEnumAndAMissingMember() {
        SchemaCheck check = new SchemaCheck(doc);
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", "CREATE_SHELL");
        step.put("status", "STARTED");
        step.put("attempt", 1);
        step.put("progress", 0.5);
        step.put("startedAt", "2026-01-01T00:00:00Z");
        step.put("endedAt", null);
        step.put("error", null);
        assertThat(check.errors(step, doc.schema("StepView"))).isEmpty();

        step.put("status", "RUNNING");
        step.put("surprise", true);
        step.remove("attempt");
        assertThat(check.errors(step, doc.schema("StepView")))
                .hasSize(3)
                .anyMatch(e -> e.contains("RUNNING"))
                .anyMatch(e -> e.contains("surprise"))
                .anyMatch(e -> e.contains("attempt"));
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
