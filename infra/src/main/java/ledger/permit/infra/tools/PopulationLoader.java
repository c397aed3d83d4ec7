package ledger.permit.infra.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRecorded;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.infra.local.DatabaseEndpoint;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The benchmark's bulk population: holders whose histories are written straight into the event store with
 * {@code COPY}, as a migration of existing permit records would, instead of one HTTP command each (which at a
 * few hundred commands per second would take hours for a million holders). Each holder gets the two events the
 * benchmark's HTTP ingest gives it (its application, accepted, and the permit's issuance), then, if asked, a
 * history of contributions: one recorded month for each of the five insurances in each of the given months, as
 * an employer's contributions reach the ledger. Every event has the payload, metadata and timestamp format the
 * command service stores (Axon's Jackson serializer, the same mapper), and each holder its row in the citizen
 * registry; the event store's trigger chains each event's hash as it would any other. Nothing reads these rows
 * until they are committed, and then the forwarder sends them on like any event.
 */
public final class PopulationLoader {

    private static final ObjectMapper JSON = HolderEventCodec.newMapper();
    /** How Axon writes an event's timestamp (DateTimeUtils: always three fraction digits, UTC). */
    private static final DateTimeFormatter AXON_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    /** Events per transaction, about: as many holders as fit (at least one), their events never split. */
    private static final int EVENTS_PER_COPY = 40_000;
    /** A progress line each time this many more holders are written, and at the end. */
    private static final int HOLDERS_PER_PROGRESS = 20_000;

    private PopulationLoader() {
    }

    /** The application the benchmark makes for its {@code i}th citizen: the same as its HTTP ingest sends. */
    public record Application(CitizenId citizen, String jurisdiction, LocalDate residentSince, PermitBasis basis,
                       LocalDate appliedOn, LocalDate issuedOn) {
    }

    /**
     * Writes the holders' streams and registry rows, about {@value #EVENTS_PER_COPY} events per transaction, with a
     * progress line for every {@value #HOLDERS_PER_PROGRESS} holders.
     *
     * @param insuredMonths the months each holder has contributed to all five insurances in, in its application's
     *                      jurisdiction (none: only the application and the issuance)
     * @return each holder's id, in the order of {@code applications}
     */
    public static String[] load(DatabaseEndpoint db, List<Application> applications, List<YearMonth> insuredMonths,
                                String recordedBy, PrintStream out) {
        InsuranceScheme[] schemes = InsuranceScheme.values();
        int eventsPerHolder = 2 + insuredMonths.size() * schemes.length;
        int holdersPerCopy = Math.max(1, EVENTS_PER_COPY / eventsPerHolder);
        String[] holderIds = new String[applications.size()];
        java.util.Map<String, String> recorder = new java.util.LinkedHashMap<>();
        recorder.put("actor", recordedBy);
        recorder.put("agency", "benchmark");
        String metadata = HEX.formatHex(json(recorder));
        long started = System.nanoTime();
        // the chain-hash trigger finds the previous event by the search path, as the command service's session does
        try (Connection connection = DriverManager.getConnection(db.urlFor("event_store"), db.username(),
                db.password())) {
            connection.setAutoCommit(false);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (int from = 0; from < applications.size(); from += holdersPerCopy) {
                int to = Math.min(applications.size(), from + holdersPerCopy);
                StringBuilder events = new StringBuilder((to - from) * eventsPerHolder * 450);
                StringBuilder registry = new StringBuilder((to - from) * 60);
                String timestamp = AXON_TIMESTAMP.format(Instant.now());
                for (int i = from; i < to; i++) {
                    Application a = applications.get(i);
                    HolderId holder = new HolderId(UUID.randomUUID());
                    holderIds[i] = holder.toString();
                    RegionCode jurisdiction = new RegionCode(a.jurisdiction());
                    event(events, 0, timestamp, metadata, new PermitApplied(holder, a.citizen(), jurisdiction,
                            a.residentSince(), a.basis(), a.appliedOn()));
                    event(events, 1, timestamp, metadata, new PermitIssued(holder, a.issuedOn()));
                    int sequence = 2;
                    for (YearMonth month : insuredMonths) {
                        for (InsuranceScheme scheme : schemes) {
                            event(events, sequence++, timestamp, metadata, new SocialInsuranceMonthRecorded(holder,
                                    jurisdiction, month, scheme, null, null));
                        }
                    }
                    registry.append(a.citizen().value()).append(',').append(holder).append('\n');
                }
                copy.copyIn("COPY domainevententry (aggregateidentifier, sequencenumber, type, "
                        + "eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp) "
                        + "FROM STDIN WITH (FORMAT csv)", new StringReader(events.toString()));
                copy.copyIn("COPY citizen_holder (citizen_id, holder_id) FROM STDIN WITH (FORMAT csv)",
                        new StringReader(registry.toString()));
                connection.commit();
                if (to == applications.size() || to / HOLDERS_PER_PROGRESS > from / HOLDERS_PER_PROGRESS) {
                    out.printf("   %,d of %,d holders written, %,.0f events/s%n", to, applications.size(),
                            (double) eventsPerHolder * to / ((System.nanoTime() - started) / 1e9));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the population could not be written: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return holderIds;
    }

    /** One CSV row of {@code domainevententry}: bytea columns as hex, no revision (Axon writes none here). */
    private static void event(StringBuilder csv, int sequence, String timestamp, String metadata, HolderEvent event) {
        csv.append(event.holderId()).append(',').append(sequence).append(",Holder,").append(UUID.randomUUID())
                .append(",\\x").append(metadata).append(",\\x").append(HEX.formatHex(json(event)))
                .append(",,").append(event.getClass().getName()).append(',').append(timestamp).append('\n');
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
