package ledger.permit.projector;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.UncheckedIOException;

/** One embedded PostgreSQL for the tests of this module, migrated as the service migrates it. */
final class TestDatabase {

    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    static synchronized EmbeddedPostgres get() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            migrate(postgres.getPostgresDatabase(), "read_model", ReadModelRebuild.READ_MODEL_MIGRATIONS, null);
            migrate(postgres.getPostgresDatabase(), "publication", ProjectorSetup.PUBLICATION_MIGRATIONS, null);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is going anyway
                }
            }));
        }
        return postgres;
    }

    /**
     * Migrates the schema with the migrations at {@code locations}, as the service does: up to the version
     * {@code target}, or to the latest if it is {@code null}.
     */
    static void migrate(DataSource dataSource, String schema, String locations, String target) {
        FluentConfiguration flyway = Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .locations(locations);
        (target == null ? flyway : flyway.target(target)).load().migrate();
    }

    static String url(String schema) {
        return get().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
    }
}
