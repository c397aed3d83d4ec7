package ledger.permit.rules.facts;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolYearRecorded;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolingCompleted;
import ledger.permit.contracts.holder.HolderEvent.HukouRecorded;
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
 * The citizen ID is not among the facts: only the region it codes ({@code hukouRegion}, where the number was first
 * issued, which stands for the hukou until one is recorded), and the hukou recorded since ({@code hukou}).
 *
 * @param completions each child's completed levels of schooling, by the child's citizen ID
 */
public record HolderFacts(String hukouRegion, List<PermitRecord> permits, List<Residence> residence,
                          Map<String, InsuranceMonth> insurance, Map<String, List<SchoolYear>> children,
                          List<Qualification> qualifications, List<HukouRecord> hukou,
                          Map<String, List<Completion>> completions) {

    public HolderFacts {
        permits = permits == null ? List.of() : permits;
        residence = residence == null ? List.of() : residence;
        insurance = insurance == null ? Map.of() : insurance;
        children = children == null ? Map.of() : children;
        qualifications = qualifications == null ? List.of() : qualifications;
        hukou = hukou == null ? List.of() : hukou;
        completions = completions == null ? Map.of() : completions;
    }

    /** Residence evidence for [from, to] from another register. */
    public record Residence(RegionCode jurisdiction, LocalDate from, LocalDate to) {
    }

    /** One recorded contribution month of one scheme. */
    public record InsuranceMonth(RegionCode jurisdiction, YearMonth month, InsuranceScheme scheme, LocalDate paidOn,
                                 RegionCode transferredFrom) {

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

    /** Where the hukou is registered from {@code since}, as recorded. */
    public record HukouRecord(RegionCode region, LocalDate since) {
    }

    /** A level of schooling a child completed, where the school is. */
    public record Completion(RegionCode jurisdiction, SchoolLevel level, LocalDate completedOn) {
    }

    /**
     * The holder's hukou on a day: the latest recorded on or before it, else the region the citizen ID codes, which
     * is only an assumption ({@code recorded} false): where the number was first issued, often but not always the
     * hukou today.
     */
    public record Hukou(String region, boolean recorded, LocalDate since) {
    }

    public static HolderFacts none() {
        return new HolderFacts(null, List.of(), List.of(), Map.of(), Map.of(), List.of(), List.of(), Map.of());
    }

    /** Where the hukou was on {@code day}, as far as the ledger knows: as recorded, or registered by settling. */
    public Hukou hukouOn(LocalDate day) {
        HukouRecord latest = null;
        for (HukouRecord record : hukou) {
            if (!record.since().isAfter(day) && (latest == null || !record.since().isBefore(latest.since()))) {
                latest = record;
            }
        }
        for (PermitRecord permit : permits) {
            if (permit.endReason() == PermitRecord.EndReason.SETTLED && !permit.ended().isAfter(day)
                    && (latest == null || !permit.ended().isBefore(latest.since()))) {
                latest = new HukouRecord(permit.jurisdiction(), permit.ended());
            }
        }
        return latest != null ? new Hukou(latest.region().value(), true, latest.since())
                : hukouRegion == null ? null : new Hukou(hukouRegion, false, null);
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
            case HukouRecorded e -> withHukou(new HukouRecord(e.hukouRegion(), e.since()));
            case ChildSchoolingCompleted e -> {
                Map<String, List<Completion>> all = new TreeMap<>(completions);
                all.put(e.childCitizenId().value(), append(all.getOrDefault(e.childCitizenId().value(), List.of()),
                        new Completion(e.jurisdiction(), e.level(), e.completedOn())));
                yield new HolderFacts(hukouRegion, permits, residence, insurance, children, qualifications, hukou,
                        all);
            }
            case PermitCancelled e -> withCurrent(current().ended(e.cancelledOn(), PermitRecord.EndReason.CANCELLED));
            case ContinuousResidenceRecorded e -> new HolderFacts(hukouRegion, permits,
                    append(residence, new Residence(e.jurisdiction(), e.from(), e.to())), insurance, children,
                    qualifications, hukou, completions);
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
                yield new HolderFacts(hukouRegion, permits, residence, insurance, all, qualifications, hukou,
                        completions);
            }
            case QualificationRecorded e -> new HolderFacts(hukouRegion, permits, residence, insurance, children,
                    append(qualifications, new Qualification(e.kind(), e.jurisdiction(), e.obtainedOn())), hukou,
                    completions);
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
        return new HolderFacts(hukouRegion, permits, residence, months, children, qualifications, hukou, completions);
    }

    private HolderFacts withPermits(List<PermitRecord> all, String idRegion) {
        return new HolderFacts(idRegion, all, residence, insurance, children, qualifications, hukou, completions);
    }

    private HolderFacts withHukou(HukouRecord record) {
        return new HolderFacts(hukouRegion, permits, residence, insurance, children, qualifications,
                append(hukou, record), completions);
    }

    private HolderFacts withCurrent(PermitRecord permit) {
        List<PermitRecord> all = new ArrayList<>(permits);
        all.set(all.size() - 1, permit);
        return new HolderFacts(hukouRegion, List.copyOf(all), residence, insurance, children, qualifications, hukou,
                completions);
    }

    /**
     * Every day on which a recorded fact begins to count or stops counting (a valid time, or the day after a month or
     * a period ends), in order: the days the facts alone can change an answer.
     */
    public java.util.NavigableSet<LocalDate> days() {
        java.util.TreeSet<LocalDate> days = new java.util.TreeSet<>();
        eachDay(days::add);
        return days;
    }

    /** The first of {@link #days} after {@code day}, or null: one pass, nothing sorted. */
    public LocalDate firstDayAfter(LocalDate day) {
        LocalDate[] first = {null};
        eachDay(d -> {
            if (d.isAfter(day) && (first[0] == null || d.isBefore(first[0]))) {
                first[0] = d;
            }
        });
        return first[0];
    }

    private void eachDay(java.util.function.Consumer<LocalDate> days) {
        for (PermitRecord permit : permits) {
            days.accept(permit.appliedOn());
            days.accept(permit.residentSince());
            addIfPresent(days, permit.issuedOn());
            addIfPresent(days, permit.rejectedOn());
            addIfPresent(days, permit.ended());
            permit.endorsements().forEach(days);
        }
        for (Residence r : residence) {
            days.accept(r.from());
            days.accept(r.to().plusDays(1));
        }
        for (InsuranceMonth m : insurance.values()) {
            days.accept(m.month().plusMonths(1).atDay(1));
        }
        children.values().forEach(years -> years.forEach(y -> {
            days.accept(y.from());
            days.accept(y.to().plusDays(1));
        }));
        completions.values().forEach(done -> done.forEach(c -> days.accept(c.completedOn())));
        qualifications.forEach(q -> days.accept(q.obtainedOn()));
        hukou.forEach(h -> days.accept(h.since()));
    }

    private static void addIfPresent(java.util.function.Consumer<LocalDate> days, LocalDate day) {
        if (day != null) {
            days.accept(day);
        }
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> all = new ArrayList<>(list);
        all.add(item);
        return List.copyOf(all);
    }
}
