package io.slipway.orchestrator.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.support.IntegrationTestBase;
import jakarta.persistence.EntityManagerFactory;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.EntityMappingType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The read model is described by its entities and written in SQL by the projector: the columns the
 * projector writes are exactly those the entities map, so a column added to one and not the other
 * fails here rather than reading as null.
 */
class ReadModelColumnsIntegrationTests extends IntegrationTestBase {
    @Autowired EntityManagerFactory entityManagers;

    @Test
    void theProjectorWritesEveryColumnTheEntitiesMapAndNoOther() {
        assertThat(Set.copyOf(DomainProjector.DOMAIN_COLUMNS))
                .hasSameSizeAs(DomainProjector.DOMAIN_COLUMNS)
                .isEqualTo(mappedColumns(DomainViewRow.class));
        assertThat(Set.copyOf(DomainProjector.STEP_COLUMNS))
                .hasSameSizeAs(DomainProjector.STEP_COLUMNS)
                .isEqualTo(mappedColumns(StepViewRow.class));
    }

    private Set<String> mappedColumns(Class<?> entity) {
        EntityMappingType mapping =
                entityManagers
                        .unwrap(SessionFactoryImplementor.class)
                        .getMappingMetamodel()
                        .getEntityDescriptor(entity);
        Set<String> columns = new HashSet<>();
        mapping.getIdentifierMapping()
                .forEachSelectable((i, column) -> columns.add(column.getSelectionExpression()));
        mapping.forEachAttributeMapping(
                attribute ->
                        attribute.forEachSelectable(
                                (i, column) -> columns.add(column.getSelectionExpression())));
        return columns;
    }
}
