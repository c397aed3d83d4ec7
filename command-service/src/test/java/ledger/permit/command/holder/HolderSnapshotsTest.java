package ledger.permit.command.holder;

import ledger.permit.command.CommandServiceUnderTest;
import ledger.permit.contracts.holder.HolderCommand.ApplyPermit;
import ledger.permit.contracts.holder.HolderCommand.IssuePermit;
import ledger.permit.contracts.holder.HolderCommand.RecordSocialInsuranceMonth;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.facts.HolderFacts;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A holder is loaded from its latest snapshot and the events after it, by a command and by the insurance feed
 * alike, and both take a snapshot once {@code ledger.snapshots.every-events} (5 here) events were folded on top of
 * the latest. That the snapshot is what is read is shown by a snapshot altered to forget a recorded month: the
 * month is then recorded again. A snapshot of another revision is not used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HolderSnapshotsTest {

    private static final RegionCode RUILI = RegionCode.of("533102");
    private static final MetaData RECORDED_BY = MetaData.with("actor", "registrar-1").and("agency", "test");

    private CommandServiceUnderTest service;
    private CommandGateway commands;
    private StreamAppender appender;
    private JdbcTemplate jdbc;

    @BeforeAll
    void start(@TempDir Path keys) throws Exception {
        service = CommandServiceUnderTest.start(keys, new BeanPostProcessor() {
        }, "--ledger.snapshots.every-events=5");
        commands = service.context().getBean(CommandGateway.class);
        appender = service.context().getBean(StreamAppender.class);
        jdbc = service.context().getBean(JdbcTemplate.class);
    }

    @AfterAll
    void stop() throws Exception {
        service.close();
    }

    @Test
    void a_command_snapshots_its_holder_and_loads_it_from_the_snapshot() {
        HolderId holder = issuedHolder("11010519491231002X");
        for (int month = 1; month <= 3; month++) {
            assertThat(recordByCommand(holder, month)).isEqualTo(1);
        }
        // application, issuance, three months: five events folded, a snapshot after the fifth
        assertThat(snapshotSequence(holder)).isEqualTo(4L);

        forgetMonthsInSnapshot(holder);
        assertThat(recordByCommand(holder, 1)).as("a month the altered snapshot forgot").isEqualTo(1);
        assertThat(recordByCommand(holder, 4)).isEqualTo(1);

        jdbc.update("UPDATE snapshotevententry SET payloadrevision = '0' WHERE aggregateidentifier = ?",
                holder.toString());
        assertThat(recordByCommand(holder, 2)).as("the snapshot of another revision is not used").isZero();
    }

    @Test
    void the_feed_snapshots_its_holders_and_reads_them_from_the_snapshot() {
        HolderId holder = issuedHolder("110105194912310046");
        assertThat(recordByFeed(holder, 1, 2, 3)).containsExactly(1, 1, 1);
        assertThat(snapshotSequence(holder)).as("after the fifth event").isEqualTo(4L);
        assertThat(recordByFeed(holder, 1, 4)).as("a month on record").containsExactly(0, 1);

        forgetMonthsInSnapshot(holder);
        assertThat(recordByFeed(holder, 2)).as("a month the altered snapshot forgot").containsExactly(1);

        jdbc.update("UPDATE snapshotevententry SET payloadrevision = '0' WHERE aggregateidentifier = ?",
                holder.toString());
        assertThat(recordByFeed(holder, 3, 5, 6, 7, 8)).as("the snapshot of another revision is not used")
                .containsExactly(0, 1, 1, 1, 1);
        // eight events folded on top of no usable snapshot: a new one, after the last
        assertThat(snapshotSequence(holder)).isEqualTo(10L);
        assertThat(recordByCommand(holder, 7)).as("a command reads the feed's snapshot").isZero();
    }

    private HolderId issuedHolder(String citizen) {
        HolderId holder = new HolderId(UUID.randomUUID());
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new ApplyPermit(holder, CitizenId.of(citizen),
                RUILI, LocalDate.of(2024, 6, 1), PermitBasis.EMPLOYMENT, LocalDate.of(2025, 1, 2)))
                .andMetaData(RECORDED_BY));
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new IssuePermit(holder, LocalDate.of(2025, 1, 15)))
                .andMetaData(RECORDED_BY));
        return holder;
    }

    private static RecordSocialInsuranceMonth month(HolderId holder, int month) {
        return new RecordSocialInsuranceMonth(holder, RUILI, YearMonth.of(2025, month), InsuranceScheme.PENSION,
                null, null);
    }

    private int recordByCommand(HolderId holder, int month) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(month(holder, month))
                .andMetaData(RECORDED_BY));
    }

    private int[] recordByFeed(HolderId holder, int... months) {
        List<RecordSocialInsuranceMonth> rows = java.util.Arrays.stream(months).mapToObj(m -> month(holder, m))
                .toList();
        Map<HolderId, int[]> recorded = appender.recordAll(List.of(new StreamAppender.Months(holder, rows)),
                RECORDED_BY);
        return recorded.get(holder);
    }

    private Long snapshotSequence(HolderId holder) {
        return jdbc.query("SELECT max(sequencenumber) FROM snapshotevententry WHERE aggregateidentifier = ?",
                rs -> rs.next() ? (Long) rs.getObject(1) : null, holder.toString());
    }

    /** Writes over the holder's snapshot the holder as its first two events (application, issuance) fold it. */
    private void forgetMonthsInSnapshot(HolderId holder) {
        EventStore events = service.context().getBean(EventStore.class);
        HolderFacts facts = HolderFacts.none();
        for (var event : events.readEvents(holder.toString(), 0).asStream().limit(2).toList()) {
            facts = facts.apply((HolderEvent) event.getPayload());
        }
        Serializer serializer = service.context().getBean("serializer", Serializer.class);
        byte[] payload = serializer.serialize(new Holder(holder, facts), byte[].class).getData();
        assertThat(jdbc.update("UPDATE snapshotevententry SET payload = ? WHERE aggregateidentifier = ?", payload,
                holder.toString())).isEqualTo(1);
    }
}
