package ledger.permit.command.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.storedfacts.StoredFacts;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;

/** How Axon stores and routes the ledger's messages. */
@Configuration(proxyBeanMethods = false)
class AxonSetup {

    /**
     * The stored event format. Axon's own mapper, apart from the web's, so that no web JSON setting
     * can ever change what is written to the event store.
     */
    @Bean("defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        // the holder's snapshots store its facts as the read model does: each contribution month as one text
        return StoredFacts.register(HolderEventCodec.newMapper());
    }

    /** The web's mapper, from Spring Boot's settings (defining Axon's above would otherwise replace it). */
    @Bean
    @Primary
    ObjectMapper webObjectMapper(Jackson2ObjectMapperBuilder builder) {
        return builder.build();
    }

    /**
     * Whether an append failed on the event store's unique (holder, sequence) key: the second of two appends
     * to one holder from two command-service instances, which the gateway then tries again
     * ({@link CommandRetries}). PostgreSQL says so with SQLSTATE 23505 in a plain {@code PSQLException}
     * (possibly inside a {@code BatchUpdateException}); Axon's default resolver looks only for the JDBC
     * subclass {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never throws, and
     * would report a plain failure (500) instead of a concurrent change.
     */
    @Bean
    PersistenceExceptionResolver duplicateKeyResolver() {
        return exception -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLIntegrityConstraintViolationException) {
                    return true;
                }
                if (cause instanceof SQLException sql) {
                    for (SQLException next = sql; next != null; next = next.getNextException()) {
                        if ("23505".equals(next.getSQLState())) {
                            return true;
                        }
                    }
                }
            }
            return false;
        };
    }

    /**
     * Where Axon's event store and token store get their connections: the one of the Spring transaction that every
     * unit of work here runs in (Axon's {@code SpringTransactionManager}), given back to it, not closed, when Axon
     * is done with it. Axon's default wraps this in a {@code UnitOfWorkAwareConnectionProviderWrapper}, which
     * closes the connection once more when the unit of work cleans up, after the transaction's end has already
     * returned it to the pool: by then the pool may have lent it to another thread, and HikariCP's close clears
     * that connection's list of open statements while the other thread uses it ({@code ConnectionReturnTest}).
     * Outside a transaction each call borrows a connection of its own, which Axon closes after its statement.
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    @Bean
    CommandTargetResolver holderCommandTargetResolver() {
        return new HolderCommandTargetResolver();
    }
}
