package ledger.permit.command.holder;

import ledger.permit.command.CommandServiceUnderTest;
import ledger.permit.contracts.holder.HolderCommand.ApplyPermit;
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

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A holder is loaded for every command on it. It is made by its constructor ({@link HolderFactory}), not as a
 * Spring bean through every bean post-processor of the context, which Axon's Spring support does by default.
 */
class HolderFactoryTest {

    @Test
    void commands_load_their_holders_without_making_spring_beans_of_them(@TempDir Path keys) throws Exception {
        AtomicInteger holderBeans = new AtomicInteger();
        BeanPostProcessor countHolders = new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof Holder) {
                    holderBeans.incrementAndGet();
                }
                return bean;
            }
        };
        try (CommandServiceUnderTest service = CommandServiceUnderTest.start(keys, countHolders)) {
            CommandGateway commands = service.context().getBean(CommandGateway.class);
            MetaData recordedBy = MetaData.with("actor", "registrar-1").and("agency", "test");
            HolderId holder = new HolderId(UUID.randomUUID());
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(new ApplyPermit(holder,
                    CitizenId.of("11010519491231002X"), RegionCode.of("533102"), LocalDate.of(2025, 6, 1),
                    PermitBasis.EMPLOYMENT, LocalDate.of(2026, 3, 1))).andMetaData(recordedBy));
            int issued = commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                    new IssuePermit(holder, LocalDate.of(2026, 3, 15))).andMetaData(recordedBy));

            // the issuance was decided on the holder loaded from its stream: its application was there
            assertThat(issued).as("events the issuance recorded").isEqualTo(1);
        }
        assertThat(holderBeans.get()).as("holders made as Spring beans").isZero();
    }
}
