package ledger.permit.rules.facts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolYearRecorded;
import ledger.permit.contracts.holder.HolderEvent.ContinuousResidenceRecorded;
import ledger.permit.contracts.holder.HolderEvent.HukouSettled;
import ledger.permit.contracts.holder.HolderEvent.PermitApplicationRefused;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitCancelled;
import ledger.permit.contracts.holder.HolderEvent.PermitEndorsed;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.holder.HolderEvent.PermitRejected;
import ledger.permit.contracts.holder.HolderEvent.QualificationRecorded;
import ledger.permit.contracts.holder.HolderEvent.ResidenceMoved;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRecorded;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRetracted;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.values.SchoolLevel;
import ledger.permit.contracts.wire.HolderEventCodec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the rules know of one holder, folded from the events recorded up to an instant.
 * The citizen ID is not among the facts: only the hukou region it codes, which settlement routes ask about.
 */
public record HolderFacts(String hukouRegion, List<PermitRecord> permits, List<Residence> residence,
                          @JsonSerialize(using = StoredInsuranceMonths.Writer.class)
                          @JsonDeserialize(using = StoredInsuranceMonths.Reader.class)
                          Map<String, InsuranceMonth> insurance, Map<String, List<SchoolYear>> children,
                          List<Qualification> qualifications) {

    /** Residence evidence for [from, to] from another register. */
    public record Residence(RegionCode jurisdiction, LocalDate from, LocalDate to) {
    }

    /** One recorded contribution month of one scheme. */
    public record InsuranceMonth(RegionCode jurisdiction, YearMonth month, InsuranceScheme scheme, LocalDate paidOn,
                                 RegionCode transferredFrom) {

        /** Back-paid (补缴): paid after the end of the month following the contribution month. */
        public boolean paidLate() {
            return paidOn != null && paidOn.isAfter(month.plusMonths(1).atEndOfMonth());
        }

        public boolean transferred() {
            return transferredFrom != null;
        }
    }

    /** One school year of a child. */
    public record SchoolYear(RegionCode jurisdiction, SchoolLevel level, int grade, LocalDate from, LocalDate to) {
    }

    /** A qualification on record from {@code obtainedOn}. */
    public record Qualification(QualificationKind kind, RegionCode jurisdiction, LocalDate obtainedOn) {
    }

    public static HolderFacts none() {
        return new HolderFacts(null, List.of(), List.of(), Map.of(), Map.of(), List.of());
    }

    /** The mapper of the stored facts: the events' own, so that values are written as in the events. */
    private static final ObjectMapper JSON = HolderEventCodec.newMapper();

    /**
     * Facts as the read model stores them ({@link #toJson}); a map's order need not be kept (read models stored
     * before V4 of the read model's migrations had their keys reordered by PostgreSQL's {@code jsonb}): the rules
     * never depend on it.
     */
    public static HolderFacts fromJson(String json) {
        try {
            return JSON.readValue(json, HolderFacts.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored facts cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** These facts as the read model stores them. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("facts cannot be written: " + e.getOriginalMessage(), e);
        }
    }

    /** The facts as the ledger knew them at {@code knownAt}: every event recorded later is ignored. */
    public static HolderFacts knownAt(Collection<RecordedEvent> history, Instant knownAt) {
        List<RecordedEvent> ordered = new ArrayList<>(history);
        ordered.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        List<HolderEvent> known = new ArrayList<>(ordered.size());
        for (RecordedEvent recorded : ordered) {
            if (knownAt == null || !recorded.recordedAt().isAfter(knownAt)) {
                known.add(recorded.event());
            }
        }
        return none().applyAll(known);
    }

    /**
     * These facts after {@code events}, in their order: the same as {@link #apply} one event at a time, but each run
     * of recorded contribution months (most of a long stream) goes into one copy of the months, not one copy per
     * month, so that folding a stream takes time in proportion to its length, not to its square.
     */
    public HolderFacts applyAll(List<? extends HolderEvent> events) {
        HolderFacts facts = this;
        Map<String, InsuranceMonth> run = null;
        for (HolderEvent event : events) {
            if (event instanceof SocialInsuranceMonthRecorded recorded) {
                if (run == null) {
                    run = new TreeMap<>(facts.insurance);
                }
                record(run, recorded);
            } else {
                if (run != null) {
                    facts = facts.withInsurance(run);
                    run = null;
                }
                facts = facts.apply(event);
            }
        }
        return run == null ? facts : facts.withInsurance(run);
    }

    public HolderFacts apply(HolderEvent event) {
        return switch (event) {
            case PermitApplied e -> withPermits(append(permits, PermitRecord.applied(e.jurisdiction(),
                    e.residentSince(), e.basis(), e.appliedOn())), e.citizenId().hukouRegion());
            case PermitApplicationRefused e -> withPermits(append(permits, new PermitRecord(e.jurisdiction(),
                    e.residentSince(), e.basis(), e.appliedOn(), e.unmet(), null, null, List.of(), null, null)),
                    e.citizenId().hukouRegion());
            case PermitIssued e -> withCurrent(current().issued(e.issuedOn()));
            case PermitRejected e -> withCurrent(current().rejected(e.rejectedOn()));
            case PermitEndorsed e -> withCurrent(current().endorsed(e.endorsedOn()));
            case ResidenceMoved e -> withCurrent(current().ended(e.movedOn(), PermitRecord.EndReason.MOVED_AWAY));
            case HukouSettled e -> withCurrent(current().ended(e.settledOn(), PermitRecord.EndReason.SETTLED));
            case PermitCancelled e -> withCurrent(current().ended(e.cancelledOn(), PermitRecord.EndReason.CANCELLED));
            case ContinuousResidenceRecorded e -> new HolderFacts(hukouRegion, permits,
                    append(residence, new Residence(e.jurisdiction(), e.from(), e.to())), insurance, children,
                    qualifications);
            case SocialInsuranceMonthRecorded e -> {
                Map<String, InsuranceMonth> months = new TreeMap<>(insurance);
                record(months, e);
                yield withInsurance(months);
            }
            case SocialInsuranceMonthRetracted e -> {
                Map<String, InsuranceMonth> months = new TreeMap<>(insurance);
                months.remove(key(e.month(), e.scheme()));
                yield withInsurance(months);
            }
            case ChildSchoolYearRecorded e -> {
                Map<String, List<SchoolYear>> all = new TreeMap<>(children);
                all.put(e.childCitizenId().value(), append(all.getOrDefault(e.childCitizenId().value(), List.of()),
                        new SchoolYear(e.jurisdiction(), e.level(), e.grade(), e.from(), e.to())));
                yield new HolderFacts(hukouRegion, permits, residence, insurance, all, qualifications);
            }
            case QualificationRecorded e -> new HolderFacts(hukouRegion, permits, residence, insurance, children,
                    append(qualifications, new Qualification(e.kind(), e.jurisdiction(), e.obtainedOn())));
        };
    }

    /** The latest application, or null before any. */
    public PermitRecord current() {
        return permits.isEmpty() ? null : permits.getLast();
    }

    /** The application that governs {@code day}: the latest one made on or before it. */
    public PermitRecord permitOn(LocalDate day) {
        PermitRecord found = null;
        for (PermitRecord permit : permits) {
            if (!permit.appliedOn().isAfter(day)) {
                found = permit;
            }
        }
        return found;
    }

    public static String key(YearMonth month, InsuranceScheme scheme) {
        return month + "/" + scheme;
    }

    /** A recorded month into {@code months}: the same month and scheme twice counts once, the first record stands. */
    private static void record(Map<String, InsuranceMonth> months, SocialInsuranceMonthRecorded e) {
        months.putIfAbsent(key(e.month(), e.scheme()), new InsuranceMonth(e.jurisdiction(), e.month(), e.scheme(),
                e.paidOn(), e.transferredFrom()));
    }

    private HolderFacts withInsurance(Map<String, InsuranceMonth> months) {
        return new HolderFacts(hukouRegion, permits, residence, months, children, qualifications);
    }

    private HolderFacts withPermits(List<PermitRecord> all, String hukou) {
        return new HolderFacts(hukou, all, residence, insurance, children, qualifications);
    }

    private HolderFacts withCurrent(PermitRecord permit) {
        List<PermitRecord> all = new ArrayList<>(permits);
        all.set(all.size() - 1, permit);
        return new HolderFacts(hukouRegion, List.copyOf(all), residence, insurance, children, qualifications);
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> all = new ArrayList<>(list);
        all.add(item);
        return List.copyOf(all);
    }
}
