package ledger.permit.command.holder;

import ledger.permit.command.holder.HolderRefusal.CitizenAlreadyHolding;
import ledger.permit.command.holder.HolderRefusal.InconsistentDate;
import ledger.permit.command.holder.HolderRefusal.NothingToCorrect;
import ledger.permit.command.holder.HolderRefusal.WrongPermitStage;
import ledger.permit.contracts.holder.HolderCommand.ApplyPermit;
import ledger.permit.contracts.holder.HolderCommand.CancelPermit;
import ledger.permit.contracts.holder.HolderCommand.EndorsePermit;
import ledger.permit.contracts.holder.HolderCommand.IssuePermit;
import ledger.permit.contracts.holder.HolderCommand.MoveResidence;
import ledger.permit.contracts.holder.HolderCommand.RecordChildSchoolYear;
import ledger.permit.contracts.holder.HolderCommand.RecordContinuousResidence;
import ledger.permit.contracts.holder.HolderCommand.RecordQualification;
import ledger.permit.contracts.holder.HolderCommand.RecordChildSchoolingCompleted;
import ledger.permit.contracts.holder.HolderCommand.RecordHukou;
import ledger.permit.contracts.holder.HolderCommand.RecordSocialInsuranceMonth;
import ledger.permit.contracts.holder.HolderCommand.RejectPermit;
import ledger.permit.contracts.holder.HolderCommand.RetractSocialInsuranceMonth;
import ledger.permit.contracts.holder.HolderCommand.SettleHukou;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolYearRecorded;
import ledger.permit.contracts.holder.HolderEvent.ContinuousResidenceRecorded;
import ledger.permit.contracts.holder.HolderEvent.HukouSettled;
import ledger.permit.contracts.holder.HolderEvent.HukouRecorded;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolingCompleted;
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
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.ApplicationRules;
import ledger.permit.rules.clock.Continuity;
import ledger.permit.rules.clock.ContinuityClock;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.policy.PolicyCatalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The decisions: pure functions of the holder's facts (the same fold the rules use) and a command,
 * returning the events to record or throwing a typed refusal.
 */
final class HolderDecisions {

    private HolderDecisions() {
    }

    /**
     * An application is judged against the policy in force where and when it is made; a refusal is itself a
     * fact (PermitApplicationRefused), recorded with every unmet condition.
     *
     * @param boundHolder the holder the citizen is bound to in the registry
     */
    static List<HolderEvent> apply(HolderFacts facts, ApplyPermit command, HolderId boundHolder,
                                   PolicyCatalog policies) {
        if (!boundHolder.equals(command.holderId())) {
            throw new CitizenAlreadyHolding(boundHolder, "this citizen's record is holder " + boundHolder);
        }
        PermitRecord current = facts.current();
        if (current != null && !current.closed()) {
            throw new CitizenAlreadyHolding(command.holderId(), "this citizen already has an open "
                    + (current.issuedOn() == null ? "application of " + current.appliedOn()
                    : "permit issued on " + current.issuedOn()));
        }
        if (current != null && command.appliedOn().isBefore(current.appliedOn())) {
            throw new InconsistentDate("appliedOn", "is " + command.appliedOn() + ", before the earlier application of "
                    + current.appliedOn());
        }
        if (command.residentSince().isAfter(command.appliedOn())) {
            throw new InconsistentDate("residentSince", "is " + command.residentSince()
                    + ", after the application date " + command.appliedOn());
        }
        HolderFacts.Hukou known = facts.hukouOn(command.appliedOn());
        RegionCode hukou = command.hukouRegion() != null ? command.hukouRegion()
                : known != null && known.recorded() ? RegionCode.of(known.region()) : null;
        ApplicationRules.Judgement judgement = ApplicationRules.judge(policies, command.jurisdiction(),
                command.residentSince(), command.appliedOn(), hukou);
        List<HolderEvent> events = new ArrayList<>();
        if (!judgement.accepted()) {
            events.add(new PermitApplicationRefused(command.holderId(), command.citizenId(),
                    command.jurisdiction(), command.residentSince(), command.basis(), command.appliedOn(),
                    judgement.policyId(), judgement.unmet()));
        } else {
            events.add(new PermitApplied(command.holderId(), command.citizenId(), command.jurisdiction(),
                    command.residentSince(), command.basis(), command.appliedOn()));
        }
        // the hukou the application attests is a fact of its own, kept whatever the application's fate
        if (command.hukouRegion() != null && (known == null || !known.recorded()
                || !known.region().equals(command.hukouRegion().value()))) {
            events.add(new HukouRecorded(command.holderId(), command.hukouRegion(), command.appliedOn()));
        }
        return List.copyOf(events);
    }

    /** Where the hukou is registered from a day; recording what is already on record for that day adds nothing. */
    static List<HolderEvent> recordHukou(HolderFacts facts, RecordHukou command) {
        if (facts.current() == null) {
            throw new WrongPermitStage("there is no application: a holder's record begins with one");
        }
        if (facts.hukou().contains(new HolderFacts.HukouRecord(command.hukouRegion(), command.since()))) {
            return List.of();
        }
        return List.of(new HukouRecorded(command.holderId(), command.hukouRegion(), command.since()));
    }

    /** A child's completion of a level, after a school year of that level on record. */
    static List<HolderEvent> recordSchoolingCompleted(HolderFacts facts, RecordChildSchoolingCompleted command) {
        if (facts.current() == null) {
            throw new WrongPermitStage("there is no application: a holder's record begins with one");
        }
        List<HolderFacts.SchoolYear> years = facts.children().getOrDefault(command.childCitizenId().value(),
                List.of());
        HolderFacts.SchoolYear first = years.stream().filter(y -> y.level() == command.level())
                .min(java.util.Comparator.comparing(HolderFacts.SchoolYear::from)).orElse(null);
        if (first != null && command.completedOn().isBefore(first.from())) {
            throw new InconsistentDate("completedOn", "is " + command.completedOn() + ", before the child's first "
                    + command.level() + " school year on record, from " + first.from());
        }
        boolean known = facts.completions().getOrDefault(command.childCitizenId().value(), List.of()).stream()
                .anyMatch(c -> c.level() == command.level() && c.completedOn().equals(command.completedOn()));
        if (known) {
            return List.of();
        }
        return List.of(new ChildSchoolingCompleted(command.holderId(), command.childCitizenId(),
                command.jurisdiction(), command.level(), command.completedOn()));
    }

    static List<HolderEvent> issue(HolderFacts facts, IssuePermit command) {
        PermitRecord permit = pending(facts, "issued");
        notBefore("issuedOn", command.issuedOn(), permit.appliedOn(), "the application");
        return List.of(new PermitIssued(command.holderId(), command.issuedOn()));
    }

    static List<HolderEvent> reject(HolderFacts facts, RejectPermit command) {
        PermitRecord permit = pending(facts, "rejected");
        notBefore("rejectedOn", command.rejectedOn(), permit.appliedOn(), "the application");
        return List.of(new PermitRejected(command.holderId(), command.rejectedOn(), command.reason()));
    }

    /**
     * An endorsement is taken when due (in the window before an anniversary) or late (which restores a
     * suspended permit, Art. 10); one before the window of an anniversary a rule binds attests nothing and is refused.
     * One for an anniversary no rule binds (before Decree 663 took effect) is a fact the ledger keeps.
     */
    static List<HolderEvent> endorse(HolderFacts facts, EndorsePermit command, PolicyCatalog policies) {
        PermitRecord permit = issued(facts, "endorsed");
        notBefore("endorsedOn", command.endorsedOn(), permit.issuedOn(), "the issue date");
        if (!permit.endorsements().isEmpty()
                && !command.endorsedOn().isAfter(permit.endorsements().getLast())) {
            throw new InconsistentDate("endorsedOn", "is " + command.endorsedOn()
                    + ", not after the last endorsement of " + permit.endorsements().getLast());
        }
        var dutyOn = ContinuityClock.dutyOn(policies, permit);
        if (dutyOn.apply(command.endorsedOn()) == null) {
            // no document bound anyone to endorse on that day: what was done then is a fact the ledger keeps
            return List.of(new PermitEndorsed(command.holderId(), command.endorsedOn()));
        }
        LocalDate windowOpens = ContinuityClock.windowOpens(permit, dutyOn, facts.residence(), command.endorsedOn());
        if (windowOpens != null && command.endorsedOn().isBefore(windowOpens)) {
            Continuity continuity = ContinuityClock.on(permit, dutyOn, facts.residence(), command.endorsedOn());
            throw new InconsistentDate("endorsedOn", "is " + command.endorsedOn()
                    + ": the endorsement for the year ending " + continuity.nextAnniversary()
                    + " is due from " + windowOpens + " (" + dutyOn.apply(continuity.nextAnniversary()).basis() + ")");
        }
        return List.of(new PermitEndorsed(command.holderId(), command.endorsedOn()));
    }

    static List<HolderEvent> recordResidence(HolderFacts facts, RecordContinuousResidence command) {
        if (command.to().isBefore(command.from())) {
            throw new InconsistentDate("to", "is " + command.to() + ", before the start " + command.from());
        }
        return List.of(new ContinuousResidenceRecorded(command.holderId(), command.jurisdiction(), command.from(),
                command.to()));
    }

    /** The same month and scheme recorded twice counts once: the second record adds nothing. */
    static List<HolderEvent> recordInsurance(HolderFacts facts, RecordSocialInsuranceMonth command) {
        if (facts.insurance().containsKey(HolderFacts.key(command.month(), command.scheme()))) {
            return List.of();
        }
        if (command.paidOn() != null && command.paidOn().isBefore(command.month().atDay(1))) {
            throw new InconsistentDate("paidOn", "is " + command.paidOn() + ", before the month " + command.month());
        }
        return List.of(new SocialInsuranceMonthRecorded(command.holderId(), command.jurisdiction(), command.month(),
                command.scheme(), command.paidOn(), command.transferredFrom()));
    }

    static List<HolderEvent> retractInsurance(HolderFacts facts, RetractSocialInsuranceMonth command) {
        if (!facts.insurance().containsKey(HolderFacts.key(command.month(), command.scheme()))) {
            throw new NothingToCorrect("no " + command.scheme() + " month " + command.month()
                    + " is recorded (or it was retracted already)");
        }
        return List.of(new SocialInsuranceMonthRetracted(command.holderId(), command.month(), command.scheme(),
                command.reason()));
    }

    static List<HolderEvent> recordSchoolYear(HolderFacts facts, RecordChildSchoolYear command) {
        if (command.to().isBefore(command.from())) {
            throw new InconsistentDate("to", "is " + command.to() + ", before the start " + command.from());
        }
        if (!command.level().hasGrade(command.grade())) {
            throw new InconsistentDate("grade", "grade " + command.grade() + " is not in " + command.level());
        }
        return List.of(new ChildSchoolYearRecorded(command.holderId(), command.childCitizenId(), command.jurisdiction(),
                command.level(), command.grade(), command.from(), command.to()));
    }

    static List<HolderEvent> recordQualification(HolderFacts facts, RecordQualification command) {
        return List.of(new QualificationRecorded(command.holderId(), command.kind(), command.jurisdiction(),
                command.obtainedOn(), command.description()));
    }

    static List<HolderEvent> move(HolderFacts facts, MoveResidence command) {
        PermitRecord permit = open(facts, "moved");
        notBefore("movedOn", command.movedOn(), permit.appliedOn(), "the application");
        if (permit.jurisdiction().equals(command.toJurisdiction())) {
            throw new InconsistentDate("toJurisdiction", "is the permit's own jurisdiction " + permit.jurisdiction());
        }
        return List.of(new ResidenceMoved(command.holderId(), permit.jurisdiction(), command.toJurisdiction(),
                command.movedOn()));
    }

    static List<HolderEvent> settle(HolderFacts facts, SettleHukou command) {
        PermitRecord permit = issued(facts, "closed by settlement");
        notBefore("settledOn", command.settledOn(), permit.issuedOn(), "the issue date");
        return List.of(new HukouSettled(command.holderId(), permit.jurisdiction(), command.settledOn()));
    }

    static List<HolderEvent> cancel(HolderFacts facts, CancelPermit command) {
        PermitRecord permit = issued(facts, "cancelled");
        notBefore("cancelledOn", command.cancelledOn(), permit.issuedOn(), "the issue date");
        return List.of(new PermitCancelled(command.holderId(), command.cancelledOn(), command.reason()));
    }

    private static PermitRecord pending(HolderFacts facts, String what) {
        PermitRecord permit = facts.current();
        if (permit == null || permit.closed() || permit.issuedOn() != null) {
            throw new WrongPermitStage("the permit cannot be " + what + ": " + describe(permit));
        }
        return permit;
    }

    private static PermitRecord issued(HolderFacts facts, String what) {
        PermitRecord permit = facts.current();
        if (permit == null || permit.issuedOn() == null || permit.ended() != null) {
            throw new WrongPermitStage("the permit cannot be " + what + ": " + describe(permit));
        }
        return permit;
    }

    private static PermitRecord open(HolderFacts facts, String what) {
        PermitRecord permit = facts.current();
        if (permit == null || permit.closed()) {
            throw new WrongPermitStage("the permit cannot be " + what + ": " + describe(permit));
        }
        return permit;
    }

    private static void notBefore(String field, LocalDate date, LocalDate earliest, String what) {
        if (date.isBefore(earliest)) {
            throw new InconsistentDate(field, "is " + date + ", before " + what + " on " + earliest);
        }
    }

    static String describe(PermitRecord permit) {
        if (permit == null) {
            return "there is no application";
        }
        if (permit.refused()) {
            return "the application of " + permit.appliedOn() + " was refused";
        }
        if (permit.rejectedOn() != null) {
            return "the application was rejected on " + permit.rejectedOn();
        }
        if (permit.ended() != null) {
            return "the permit ended on " + permit.ended() + " (" + permit.endReason() + ")";
        }
        if (permit.issuedOn() != null) {
            return "it was issued on " + permit.issuedOn();
        }
        return "it was applied for on " + permit.appliedOn() + " and is not yet issued";
    }
}
