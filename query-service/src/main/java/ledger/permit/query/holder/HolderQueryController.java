package ledger.permit.query.holder;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.rules.EntitlementRules;
import ledger.permit.web.RequestFields;
import ledger.permit.web.ResourceNotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** What agencies ask: who is this citizen in the ledger, and what are they entitled to on a day. */
@RestController
@RequestMapping("/api/v1/holders")
class HolderQueryController {

    private final ReadModel readModel;
    private final Clock clock;

    HolderQueryController(ReadModel readModel, Clock clock) {
        this.readModel = readModel;
        this.clock = clock;
    }

    record HolderRef(String holderId) {
    }

    record Entitlements(String holderId, LocalDate on, List<Service> services) {
    }

    record Service(ServiceCode code, String name, ServiceCode.Tier tier, EntitlementStatus status, LocalDate since) {
    }

    @GetMapping
    HolderRef findByCitizenId(@RequestParam(name = "citizenId", required = false) String rawCitizenId) {
        RequestFields fields = new RequestFields();
        CitizenId citizenId = fields.required("citizenId", rawCitizenId, CitizenId::of);
        fields.validate();
        return readModel.holderOf(citizenId)
                .map(holder -> new HolderRef(holder.toString()))
                .orElseThrow(() -> new ResourceNotFoundException("No holder is recorded for this citizen ID."));
    }

    @GetMapping("/{holderId}/entitlements")
    Entitlements entitlements(@PathVariable("holderId") String rawHolderId,
                              @RequestParam(name = "on", required = false) String rawOn) {
        RequestFields fields = new RequestFields();
        HolderId holderId = fields.required("holderId", rawHolderId, HolderId::of);
        LocalDate on = rawOn == null ? LocalDate.now(clock) : fields.requiredDate("on", rawOn);
        fields.validate();
        if (!readModel.exists(holderId)) {
            throw new ResourceNotFoundException("No holder " + holderId + " is recorded.");
        }
        List<Service> services = EntitlementRules.standingOn(readModel.periods(holderId), on).stream()
                .map(s -> new Service(s.code(), s.code().chineseName(), s.code().tier(), s.status(), s.since()))
                .toList();
        return new Entitlements(holderId.toString(), on, services);
    }
}
