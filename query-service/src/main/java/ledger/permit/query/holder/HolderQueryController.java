package ledger.permit.query.holder;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InvalidValueException;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.values.Regions;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import ledger.permit.query.access.AccessLog;
import ledger.permit.query.access.HolderRead;
import ledger.permit.rules.Assessment;
import ledger.permit.rules.EntitlementRules;
import ledger.permit.rules.Explanation;
import ledger.permit.rules.Progress;
import ledger.permit.rules.clock.Continuity;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.policy.Citation;
import ledger.permit.rules.policy.PolicyCatalog;
import ledger.permit.web.RequestFields;
import ledger.permit.web.ResourceNotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What agencies ask: who is this citizen in the ledger, and what are they entitled to on a day, as the
 * ledger knew it at an instant. The answer is derived by the rules from the recorded facts.
 */
@RestController
@RequestMapping("/api/v1/holders")
class HolderQueryController {

    private final ReadModel readModel;
    private final PolicyCatalog policies;
    private final AccessLog accessLog;
    private final Clock clock;

    HolderQueryController(ReadModel readModel, PolicyCatalog policies, AccessLog accessLog, Clock clock) {
        this.readModel = readModel;
        this.policies = policies;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    record HolderRef(String holderId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entitlements(String holderId, LocalDate on, Instant knownAt, PolicyRef policy, PermitStanding permit,
                        Hukou hukou, List<Service> services) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PolicyRef(String id, Integer version) {
    }

    /** Fields that do not apply to the permit's status are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PermitStanding(Continuity.PermitState status, String jurisdiction, String jurisdictionName,
                          LocalDate since, LocalDate continuousResidenceSince, LocalDate endorsementDueBy) {
    }

    /**
     * The holder's hukou on the day: as recorded ({@code recorded} true, with the day it was registered from), or the
     * region the citizen ID was first issued in, an assumption until one is recorded.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Hukou(String region, String regionName, boolean recorded, LocalDate since) {
    }

    /**
     * Fields that do not apply to the status are left out; {@code expectedOn} is given for {@code NOT_YET} only, and
     * there {@code null} says that going on as now is not enough.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Service(ServiceCode code, String name, ServiceCode.Tier tier, EntitlementStatus status, LocalDate since,
                   Optional<LocalDate> expectedOn, String child, String route, Map<String, Integer> progress,
                   List<Citation> basis, Explanation explanation) {
    }

    @GetMapping
    HolderRef findByCitizenId(@RequestParam(name = "citizenId", required = false) String rawCitizenId,
                              HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        CitizenId citizenId = fields.required("citizenId", rawCitizenId, CitizenId::of);
        fields.validate();
        HolderId holder = readModel.holderOf(citizenId)
                .orElseThrow(() -> new ResourceNotFoundException("No holder is recorded for this citizen ID."));
        accessLog.record(HolderRead.LOOKUP, holder.toString(), request);
        return new HolderRef(holder.toString());
    }

    /**
     * @param rawOn      the day judged (valid time and policy time); default today
     * @param rawKnownAt ignore every fact recorded after this instant (record time); default now
     */
    @GetMapping("/{holderId}/entitlements")
    Entitlements entitlements(@PathVariable("holderId") String rawHolderId,
                              @RequestParam(name = "on", required = false) String rawOn,
                              @RequestParam(name = "knownAt", required = false) String rawKnownAt,
                              HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        HolderId holderId = fields.required("holderId", rawHolderId, HolderId::of);
        LocalDate on = rawOn == null ? LocalDate.now(clock) : fields.requiredDate("on", rawOn);
        Instant knownAt = rawKnownAt == null ? clock.instant()
                : fields.required("knownAt", rawKnownAt, HolderQueryController::instant);
        fields.validate();
        accessLog.record(HolderRead.ENTITLEMENTS, holderId.toString(), request);
        HolderFacts facts = readModel.factsKnownAt(holderId, knownAt)
                .orElseThrow(() -> new ResourceNotFoundException("No holder " + holderId + " is recorded."));
        Assessment assessment = EntitlementRules.assess(facts, policies, on);
        Continuity permit = assessment.permit();
        List<Service> services = assessment.services().stream()
                .map(s -> new Service(s.code(), s.code().chineseName(), s.code().tier(), s.status(), s.since(),
                        s.status() == EntitlementStatus.NOT_YET ? Optional.ofNullable(s.expectedOn()) : null,
                        s.child(), s.route(), progress(s.progress()), s.basis(), s.explanation()))
                .toList();
        RegionCode jurisdiction = facts.permitOn(on) == null ? null : facts.permitOn(on).jurisdiction();
        HolderFacts.Hukou hukou = facts.hukouOn(on);
        return new Entitlements(holderId.toString(), on, knownAt,
                new PolicyRef(assessment.policyId(), assessment.policyVersion()),
                new PermitStanding(permit.state(), jurisdiction == null ? null : jurisdiction.value(),
                        jurisdiction == null ? null : Regions.name(jurisdiction.value()), permit.since(),
                        permit.runStart(), permit.state() == Continuity.PermitState.VALID
                        || permit.state() == Continuity.PermitState.SUSPENDED ? permit.nextAnniversary() : null),
                hukou == null ? null : new Hukou(hukou.region(), Regions.name(hukou.region()), hukou.recorded(),
                        hukou.since()),
                services);
    }

    /** The progress figures that apply, by name: residenceMonths, requiredResidenceMonths, insuranceMonths, .... */
    private static Map<String, Integer> progress(Progress progress) {
        Map<String, Integer> figures = new LinkedHashMap<>();
        put(figures, "residenceMonths", progress.residenceMonths());
        put(figures, "requiredResidenceMonths", progress.requiredResidenceMonths());
        put(figures, "insuranceMonths", progress.insuranceMonths());
        put(figures, "requiredInsuranceMonths", progress.requiredInsuranceMonths());
        put(figures, "schoolYears", progress.schoolYears());
        put(figures, "requiredSchoolYears", progress.requiredSchoolYears());
        put(figures, "points", progress.points());
        put(figures, "requiredPoints", progress.requiredPoints());
        return figures.isEmpty() ? null : figures;
    }

    private static void put(Map<String, Integer> figures, String name, Integer value) {
        if (value != null) {
            figures.put(name, value);
        }
    }

    private static Instant instant(String raw) {
        try {
            return Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("must be an ISO-8601 instant, e.g. 2026-03-01T00:00:00Z");
        }
    }
}
