package ledger.permit.command.holder;

import ledger.permit.contracts.holder.HolderCommand.RecordSocialInsuranceMonth;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.web.RequestFields;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * One contribution month as a request gives it, checked field by field: the single-month endpoint and the
 * feed's rows check it alike. A field that fails is refused in {@code fields} and is null here.
 */
record InsuranceMonth(RegionCode jurisdiction, YearMonth month, InsuranceScheme scheme, LocalDate paidOn,
                      RegionCode transferredFrom) {

    /** {@code paidOn} and {@code transferredFrom} may be null (not given). */
    static InsuranceMonth check(RequestFields fields, Clock clock, String jurisdiction, String month, String scheme,
                                String paidOn, String transferredFrom) {
        return new InsuranceMonth(
                fields.required("jurisdiction", jurisdiction, RegionCode::of),
                PastDates.month(clock, fields, "month", month),
                fields.requiredEnum("scheme", scheme, InsuranceScheme.class),
                paidOn == null ? null : PastDates.date(clock, fields, "paidOn", paidOn),
                transferredFrom == null ? null : fields.required("transferredFrom", transferredFrom, RegionCode::of));
    }

    RecordSocialInsuranceMonth on(HolderId holder) {
        return new RecordSocialInsuranceMonth(holder, jurisdiction, month, scheme, paidOn, transferredFrom);
    }
}
