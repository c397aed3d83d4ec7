package ledger.permit.contracts.holder;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.values.SchoolLevel;

import java.time.LocalDate;
import java.time.YearMonth;

/** What an agency asks the ledger to record for one holder. Every date arrives on the command. */
public sealed interface HolderCommand {

    HolderId holderId();

    /**
     * A citizen applies for a permit in a jurisdiction (Decree 663 Art. 2); opens the stream or reopens it.
     *
     * @param hukouRegion where the applicant's hukou is registered, when the application attests it (else null)
     */
    record ApplyPermit(HolderId holderId, CitizenId citizenId, RegionCode jurisdiction, LocalDate residentSince,
                       PermitBasis basis, LocalDate appliedOn, RegionCode hukouRegion) implements HolderCommand {

        public ApplyPermit(HolderId holderId, CitizenId citizenId, RegionCode jurisdiction, LocalDate residentSince,
                           PermitBasis basis, LocalDate appliedOn) {
            this(holderId, citizenId, jurisdiction, residentSince, basis, appliedOn, null);
        }
    }

    /** The public security organ issues the permit applied for. */
    record IssuePermit(HolderId holderId, LocalDate issuedOn) implements HolderCommand {
    }

    /** The public security organ rejects the application after review. */
    record RejectPermit(HolderId holderId, LocalDate rejectedOn, String reason) implements HolderCommand {
    }

    /** The yearly endorsement (签注, Art. 10). */
    record EndorsePermit(HolderId holderId, LocalDate endorsedOn) implements HolderCommand {
    }

    /** Residence evidence from another register (residence registration, registered tenancy). */
    record RecordContinuousResidence(HolderId holderId, RegionCode jurisdiction, LocalDate from, LocalDate to)
            implements HolderCommand {
    }

    /** One month of one social insurance, as the insurance bureau reports it. */
    record RecordSocialInsuranceMonth(HolderId holderId, RegionCode jurisdiction, YearMonth month,
                                      InsuranceScheme scheme, LocalDate paidOn, RegionCode transferredFrom)
            implements HolderCommand {
    }

    /** A correction: a month recorded in error no longer counts; the record stays. */
    record RetractSocialInsuranceMonth(HolderId holderId, YearMonth month, InsuranceScheme scheme, String reason)
            implements HolderCommand {
    }

    /** One school year of a child who moved with the holder (随迁子女). */
    record RecordChildSchoolYear(HolderId holderId, CitizenId childCitizenId, RegionCode jurisdiction,
                                 SchoolLevel level, int grade, LocalDate from, LocalDate to) implements HolderCommand {
    }

    /** A child completed a level of schooling (初中毕业). */
    record RecordChildSchoolingCompleted(HolderId holderId, CitizenId childCitizenId, RegionCode jurisdiction,
                                         SchoolLevel level, LocalDate completedOn) implements HolderCommand {
    }

    /** Where the holder's hukou is registered, from a day. */
    record RecordHukou(HolderId holderId, RegionCode hukouRegion, LocalDate since) implements HolderCommand {
    }

    /** A degree, title, property certificate, stable employment or residence on record. */
    record RecordQualification(HolderId holderId, QualificationKind kind, RegionCode jurisdiction, LocalDate obtainedOn,
                               String description) implements HolderCommand {
    }

    /** The holder moved away: continuity in the old jurisdiction ends, and the permit there with it. */
    record MoveResidence(HolderId holderId, RegionCode toJurisdiction, LocalDate movedOn) implements HolderCommand {
    }

    /** The holder registered hukou where they live: the permit closes. */
    record SettleHukou(HolderId holderId, LocalDate settledOn) implements HolderCommand {
    }

    /** The permit is cancelled (e.g. obtained by fraud, or surrendered). */
    record CancelPermit(HolderId holderId, LocalDate cancelledOn, String reason) implements HolderCommand {
    }
}
