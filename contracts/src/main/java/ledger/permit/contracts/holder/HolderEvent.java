package ledger.permit.contracts.holder;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.values.SchoolLevel;
import ledger.permit.contracts.wire.WireType;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * Every fact of a holder's life, on one page. The class names are stored by the event store and the
 * wire names go to Kafka: both are frozen once written; a change gets a new revision and an upcaster.
 */
public sealed interface HolderEvent {

    HolderId holderId();

    /** The application as received: who, where, since when, on which basis (Decree 663 Art. 2). */
    @WireType(name = "PermitApplied", version = 1)
    record PermitApplied(HolderId holderId, CitizenId citizenId, RegionCode jurisdiction, LocalDate residentSince,
                         PermitBasis basis, LocalDate appliedOn) implements HolderEvent {
    }

    /** An application the policy in force refused, with every unmet condition and its clause. */
    @WireType(name = "PermitApplicationRefused", version = 1)
    record PermitApplicationRefused(HolderId holderId, CitizenId citizenId, RegionCode jurisdiction,
                                    LocalDate residentSince, PermitBasis basis, LocalDate appliedOn, String policyId,
                                    List<UnmetCondition> unmet) implements HolderEvent {
    }

    /** The permit was issued; the day-one services hold from this date (Art. 12). */
    @WireType(name = "PermitIssued", version = 1)
    record PermitIssued(HolderId holderId, LocalDate issuedOn) implements HolderEvent {
    }

    /** The application was rejected after review. */
    @WireType(name = "PermitRejected", version = 1)
    record PermitRejected(HolderId holderId, LocalDate rejectedOn, String reason) implements HolderEvent {
    }

    /** The yearly endorsement (签注, Art. 10): attests the year of residence before it. */
    @WireType(name = "PermitEndorsed", version = 1)
    record PermitEndorsed(HolderId holderId, LocalDate endorsedOn) implements HolderEvent {
    }

    /** Residence evidence from another register, for [from, to]. */
    @WireType(name = "ContinuousResidenceRecorded", version = 1)
    record ContinuousResidenceRecorded(HolderId holderId, RegionCode jurisdiction, LocalDate from, LocalDate to)
            implements HolderEvent {
    }

    /** One month of one social insurance; {@code paidOn} after the month's deadline means back-paid (补缴). */
    @WireType(name = "SocialInsuranceMonthRecorded", version = 1)
    record SocialInsuranceMonthRecorded(HolderId holderId, RegionCode jurisdiction, YearMonth month,
                                        InsuranceScheme scheme, LocalDate paidOn, RegionCode transferredFrom)
            implements HolderEvent {
    }

    /** A recorded month withdrawn by correction; the original record stays in the history. */
    @WireType(name = "SocialInsuranceMonthRetracted", version = 1)
    record SocialInsuranceMonthRetracted(HolderId holderId, YearMonth month, InsuranceScheme scheme, String reason)
            implements HolderEvent {
    }

    /** A school year of a child who moved with the holder, identified by the child's citizen ID. */
    @WireType(name = "ChildSchoolYearRecorded", version = 1)
    record ChildSchoolYearRecorded(HolderId holderId, CitizenId childCitizenId, RegionCode jurisdiction,
                                   SchoolLevel level, int grade, LocalDate from, LocalDate to) implements HolderEvent {
    }

    /**
     * A child completed a level of schooling where the school is (初中毕业: 完整接受初中教育, the junior-secondary
     * completion 德政办发〔2016〕142号 十六 asks for).
     */
    @WireType(name = "ChildSchoolingCompleted", version = 1)
    record ChildSchoolingCompleted(HolderId holderId, CitizenId childCitizenId, RegionCode jurisdiction,
                                   SchoolLevel level, LocalDate completedOn) implements HolderEvent {
    }

    /**
     * Where the holder's hukou (常住户口) is registered, from {@code since}, as the public security organ attests it. It
     * can change; until one is recorded, the ledger assumes the region the citizen ID was first issued in.
     */
    @WireType(name = "HukouRecorded", version = 1)
    record HukouRecorded(HolderId holderId, RegionCode hukouRegion, LocalDate since) implements HolderEvent {
    }

    /** A degree, title, property certificate, stable employment or residence, from the date obtained. */
    @WireType(name = "QualificationRecorded", version = 1)
    record QualificationRecorded(HolderId holderId, QualificationKind kind, RegionCode jurisdiction,
                                 LocalDate obtainedOn, String description) implements HolderEvent {
    }

    /** The holder moved to another jurisdiction; continuity and the permit in the old one end. */
    @WireType(name = "ResidenceMoved", version = 1)
    record ResidenceMoved(HolderId holderId, RegionCode fromJurisdiction, RegionCode toJurisdiction,
                          LocalDate movedOn) implements HolderEvent {
    }

    /** The holder registered hukou in the jurisdiction: now a local resident, the permit closes. */
    @WireType(name = "HukouSettled", version = 1)
    record HukouSettled(HolderId holderId, RegionCode jurisdiction, LocalDate settledOn) implements HolderEvent {
    }

    /** The permit was cancelled. */
    @WireType(name = "PermitCancelled", version = 1)
    record PermitCancelled(HolderId holderId, LocalDate cancelledOn, String reason) implements HolderEvent {
    }
}
