package io.slipway.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresNodeIntegrationTests {
    @TempDir Path dir;

    @Test
    void aDatabaseFromBeforeTheRoleSplitIsHandedToTheMigrationRoleWithTheSamePasswordsOnRestart()
            throws SQLException {
        Path data = dir.resolve("postgres");
        int port = Ports.pickFree(1)[0];
        Map<String, String> first;
        try (PostgresNode node = PostgresNode.start(data, port)) {
            first = node.environment();
            // What an older devstack left: the database and its objects owned by the superuser.
            try (Connection c = superuser(port, "postgres");
                    var s = c.createStatement()) {
                s.execute("ALTER DATABASE slipway OWNER TO postgres");
            }
            try (Connection c = superuser(port, PostgresNode.DATABASE);
                    var s = c.createStatement()) {
                s.execute("CREATE TABLE events (id bigserial primary key)");
                s.execute(
                        "CREATE FUNCTION events_append_only() RETURNS int LANGUAGE sql AS 'select"
                                + " 1'");
            }
        }

        try (PostgresNode node = PostgresNode.start(data, port)) {
            assertThat(node.environment()).isEqualTo(first);
            try (Connection c =
                            DriverManager.getConnection(
                                    node.jdbcUrl(),
                                    first.get(InfraEndpoints.DB_MIGRATION_USER),
                                    first.get(InfraEndpoints.DB_MIGRATION_PASSWORD));
                    var s = c.createStatement();
                    var rs =
                            s.executeQuery(
                                    "SELECT pg_get_userbyid(d.datdba), t.tableowner,"
                                            + " pg_get_userbyid(p.proowner) FROM pg_database d,"
                                            + " pg_tables t, pg_proc p WHERE d.datname ="
                                            + " current_database() AND t.tablename = 'events'"
                                            + " AND p.proname = 'events_append_only'")) {
                assertThat(rs.next()).isTrue();
                for (int column = 1; column <= 3; column++) {
                    assertThat(rs.getString(column)).isEqualTo(DatabaseRoles.MIGRATION_USER);
                }
            }
        }
    }

    private static Connection superuser(int port, String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:%d/%s".formatted(port, database), "postgres", "");
    }
}
