package ledger.permit.projector;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

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
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).schemas("read_model")
                    .defaultSchema("read_model").locations(ReadModelRebuild.READ_MODEL_MIGRATIONS).load().migrate();
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).schemas("publication")
                    .defaultSchema("publication").locations(ProjectorSetup.PUBLICATION_MIGRATIONS).load().migrate();
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

    static String url(String schema) {
        return get().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
    }
}
