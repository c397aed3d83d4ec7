package ledger.permit.infra.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Real PostgreSQL binaries (zonky) with a kept data folder. zonky starts PostgreSQL for throw-away
 * tests with {@code fsync} and {@code synchronous_commit} off; a ledger turns both back on.
 * <p>
 * Checkpoints come every 30 minutes or 16 GB of write-ahead log instead of PostgreSQL's 5 minutes or 1 GB: after
 * each checkpoint the first change of every page writes the whole page into the log again, and with the defaults a
 * benchmark at 1,000,000 holders wrote 59 GB of log through 105 checkpoints, 7.5 million of its records whole pages.
 * Durability is the same (every commit is flushed); a crash is recovered by replaying more log. Shared buffers are
 * 1 GB instead of 128 MB, the log's buffers 64 MB.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts PostgreSQL on {@code port} (0: any free port) keeping its data in {@code dataDirectory}. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        return start(dataDirectory, port, Map.of());
    }

    /** The same, with more server settings ({@code postgresql.conf}'s names), or other values for the ones above. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Map<String, String> settings) {
        try {
            Files.createDirectories(dataDirectory);
            boolean existing = Files.exists(dataDirectory.resolve("PG_VERSION"));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "1GB")
                    .setServerConfig("wal_buffers", "64MB")
                    .setServerConfig("max_wal_size", "16GB")
                    .setServerConfig("checkpoint_timeout", "30min");
            settings.forEach(builder::setServerConfig);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            log.info("PostgreSQL {} on port {} ({} data in {})", version(postgres), postgres.getPort(),
                    existing ? "kept" : "new", dataDirectory.toAbsolutePath());
            return new EmbeddedPostgresServer(postgres, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start with data in " + dataDirectory, e);
        }
    }

    public DatabaseEndpoint endpoint() {
        return new DatabaseEndpoint("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", "");
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("PostgreSQL stopped");
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
    }

    private static String version(EmbeddedPostgres postgres) {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var result = connection.createStatement().executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        } catch (java.sql.SQLException e) {
            return "(version unknown)";
        }
    }
}
