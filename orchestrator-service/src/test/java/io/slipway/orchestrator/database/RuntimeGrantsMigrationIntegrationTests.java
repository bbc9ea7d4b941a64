package io.slipway.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.testsupport.SharedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * V6 on its own, on fresh databases: single-role mode migrates without grants, and a runtime role
 * that would get everything back (a member of the owner) is refused instead of silently trusted.
 */
class RuntimeGrantsMigrationIntegrationTests {

    @Test
    void withOneRoleForBothTheMigrationsSucceedAndGrantNothing() throws SQLException {
        String owner = freshDatabaseOwnedBy("single_" + suffix());

        MigrateResult result = migrate(owner, owner);

        assertThat(result.success).isTrue();
        assertThat(result.migrations).anyMatch(m -> m.version.equals("6"));
        try (Connection c = connect(owner);
                var rs =
                        c.createStatement()
                                .executeQuery(
                                        "select count(*) from information_schema.role_table_grants"
                                                + " where grantee <> current_user"
                                                + " and grantee <> 'PUBLIC'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("grants to other roles").isZero();
        }
    }

    @Test
    void aRuntimeRoleThatIsAMemberOfTheOwnerIsRefused() throws SQLException {
        String owner = freshDatabaseOwnedBy("owner_" + suffix());
        String member = "member_" + suffix();
        superuser("create role %s login password 'x' in role %s".formatted(member, owner));

        assertThatThrownBy(() -> migrate(owner, member))
                .hasStackTraceContaining("is a member of the migration role");
    }

    @Test
    void theMigrationEntryPointMigratesAsTheOwnerGrantsTheRuntimeRoleAndEnds() throws Exception {
        String owner = freshDatabaseOwnedBy("owner_" + suffix());
        String runtime = "runtime_" + suffix();
        superuser("create role %s login password '%s'".formatted(runtime, runtime));

        // No runtime password: the migration never connects as the runtime role.
        DatabaseMigration.run(
                        "--spring.datasource.url=" + url(owner),
                        "--spring.datasource.username=" + runtime,
                        "--spring.flyway.user=" + owner,
                        "--spring.flyway.password=" + owner,
                        "--slipway.db.sslmode=disable")
                .close();

        try (Connection c = DriverManager.getConnection(url(owner), runtime, runtime);
                var s = c.createStatement()) {
            s.execute("insert into inbox values (gen_random_uuid(), now())");
            assertThatThrownBy(() -> s.execute("delete from events"))
                    .hasMessageContaining("permission denied");
        }
    }

    private static MigrateResult migrate(String owner, String runtimeRole) {
        return Flyway.configure()
                .dataSource(url(owner), owner, owner)
                .locations("classpath:db/migration")
                .placeholders(Map.of("runtime_role", runtimeRole))
                .load()
                .migrate();
    }

    /** A new database named like its owner, a new login role whose password is its name. */
    private static String freshDatabaseOwnedBy(String owner) throws SQLException {
        superuser("create role %s login password '%s'".formatted(owner, owner));
        superuser("create database %s owner %s".formatted(owner, owner));
        return owner;
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection c = SharedPostgres.get().getPostgresDatabase().getConnection();
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection connect(String owner) throws SQLException {
        return DriverManager.getConnection(url(owner), owner, owner);
    }

    private static String url(String database) {
        return "jdbc:postgresql://localhost:%d/%s"
                .formatted(SharedPostgres.get().getPort(), database);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
