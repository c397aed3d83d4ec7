package ledger.permit.command.axon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ledger.permit.command.CommandServiceUnderTest;
import ledger.permit.contracts.holder.HolderCommand.ApplyPermit;
import ledger.permit.contracts.holder.HolderCommand.EndorsePermit;
import ledger.permit.contracts.holder.HolderCommand.IssuePermit;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every connection the service borrows from its pool goes back once. A pool hands a returned connection to the
 * next thread that asks; a second {@code close()} by its former borrower then works on a connection another
 * thread is using (HikariCP clears the connection's list of open statements on every close, and two threads
 * changing that list at once broke it: {@code ArrayIndexOutOfBoundsException: Index -1} in a command, and a 500).
 */
class ConnectionReturnTest {

    private static final CitizenId CITIZEN = CitizenId.of("11010519491231002X");
    private static final RegionCode RUILI = RegionCode.of("533102");

    /** Connections closed once more after they went back, with where the second close came from. */
    private static final List<String> closedAgain = new CopyOnWriteArrayList<>();
    private static final AtomicInteger returned = new AtomicInteger();

    @Test
    void every_connection_that_commands_and_the_forwarder_borrow_goes_back_to_the_pool_once(@TempDir Path keys)
            throws Exception {
        try (CommandServiceUnderTest service = CommandServiceUnderTest.start(keys, new CountingReturns())) {
            CommandGateway commands = service.context().getBean(CommandGateway.class);
            MetaData recordedBy = MetaData.with("actor", "registrar-1").and("agency", "test");
            HolderId holder = new HolderId(UUID.randomUUID());
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(new ApplyPermit(holder, CITIZEN, RUILI,
                    LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT, LocalDate.of(2026, 3, 1)))
                    .andMetaData(recordedBy));
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                    new IssuePermit(holder, LocalDate.of(2026, 3, 15))).andMetaData(recordedBy));
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                    new EndorsePermit(holder, LocalDate.of(2027, 3, 1))).andMetaData(recordedBy));
            // the forwarder's units of work borrow connections too: wait until it sent the three events
            Counter forwarded = service.context().getBean(MeterRegistry.class).get("ledger.forwarder.events")
                    .counter();
            await().atMost(60, TimeUnit.SECONDS).until(() -> forwarded.count() >= 3);
        }

        assertThat(returned.get()).as("connections returned to the pool").isPositive();
        assertThat(closedAgain).as("connections closed again after they went back to the pool").isEmpty();
    }

    /** Hands out the pool's connections in a wrapper that notes each {@code close()} after the first. */
    private static final class CountingReturns implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (!(bean instanceof DataSource pool) || bean instanceof DelegatingDataSource) {
                return bean;
            }
            return new DelegatingDataSource(pool) {
                @Override
                public Connection getConnection() throws SQLException {
                    return counted(super.getConnection());
                }
            };
        }

        private static Connection counted(Connection borrowed) {
            AtomicBoolean closed = new AtomicBoolean();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            if (closed.getAndSet(true)) {
                                StringWriter trace = new StringWriter();
                                new Throwable("closed again on " + Thread.currentThread().getName())
                                        .printStackTrace(new PrintWriter(trace));
                                closedAgain.add(trace.toString());
                            } else {
                                returned.incrementAndGet();
                            }
                        }
                        try {
                            return method.invoke(borrowed, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
