package ledger.permit.command.holder;

import ledger.permit.contracts.holder.HolderCommand;
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
import ledger.permit.contracts.holder.HolderCommand.RejectPermit;
import ledger.permit.contracts.holder.HolderCommand.RetractSocialInsuranceMonth;
import ledger.permit.contracts.holder.HolderCommand.SettleHukou;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.InvalidValueException;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.values.SchoolLevel;
import ledger.permit.command.idempotency.IdempotentCommands;
import ledger.permit.web.Problems;
import ledger.permit.web.RequestFields;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ledger.permit.web.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.function.Function;

/** The command API: checks every field, then hands a typed command to the holder. */
@RestController
@RequestMapping("/api/v1")
class HolderCommandController {

    private static final Logger log = LoggerFactory.getLogger(HolderCommandController.class);
    private static final int MAX_TEXT = 500;
    static final String ACTOR = "X-Actor";
    static final String AGENCY = "X-Agency";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String UNIDENTIFIED = "unidentified";

    private final CommandGateway commands;
    private final CitizenRegistry registry;
    private final Clock clock;

    HolderCommandController(CommandGateway commands, CitizenRegistry registry, Clock clock) {
        this.commands = commands;
        this.registry = registry;
        this.clock = clock;
    }

    record PermitApplicationRequest(String citizenId, String jurisdiction, String residentSince, String basis,
                                    String appliedOn, String hukouRegion) {
    }

    record HolderRef(String holderId) {
    }

    /** What a recording command did: {@code recorded} is false when the fact was already on record. */
    record Recorded(String holderId, boolean recorded) {
    }

    record IssuanceRequest(String issuedOn) {
    }

    record IssuanceResponse(String holderId, LocalDate issuedOn) {
    }

    record RejectionRequest(String rejectedOn, String reason) {
    }

    record EndorsementRequest(String endorsedOn) {
    }

    record ResidenceRecordRequest(String jurisdiction, String from, String to) {
    }

    record InsuranceMonthRequest(String jurisdiction, String month, String scheme, String paidOn,
                                 String transferredFrom) {
    }

    record RetractionRequest(String month, String scheme, String reason) {
    }

    record SchoolYearRequest(String jurisdiction, String level, String grade, String from, String to) {
    }

    record QualificationRequest(String kind, String jurisdiction, String obtainedOn, String description) {
    }

    record CompletionRequest(String jurisdiction, String level, String completedOn) {
    }

    record HukouRequest(String hukouRegion, String since) {
    }

    record MoveRequest(String toJurisdiction, String movedOn) {
    }

    record SettlementRequest(String settledOn) {
    }

    record CancellationRequest(String cancelledOn, String reason) {
    }

    /**
     * A first application opens a holder; a later one by the same citizen, after a refused, rejected or ended
     * one, goes on the same holder. An application the policy refuses is recorded and answered with 422.
     */
    @PostMapping("/permit-applications")
    ResponseEntity<Object> apply(@RequestBody PermitApplicationRequest request,
                                 @RequestHeader(name = ACTOR, required = false) String actor,
                                 @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        CitizenId citizenId = fields.required("citizenId", request.citizenId(), CitizenId::of);
        RegionCode jurisdiction = fields.required("jurisdiction", request.jurisdiction(), RegionCode::of);
        LocalDate residentSince = PastDates.date(clock, fields, "residentSince", request.residentSince());
        PermitBasis basis = fields.requiredEnum("basis", request.basis(), PermitBasis.class);
        LocalDate appliedOn = PastDates.date(clock, fields, "appliedOn", request.appliedOn());
        RegionCode hukouRegion = request.hukouRegion() == null ? null
                : fields.required("hukouRegion", request.hukouRegion(), RegionCode::of);
        if (citizenId != null && residentSince != null && residentSince.isBefore(citizenId.birthDate())) {
            fields.refuse("residentSince", "is " + residentSince + ", before the person was born");
        }
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();

        HolderId holderId = registry.holderOf(citizenId).orElseGet(() -> new HolderId(UUID.randomUUID()));
        ApplicationOutcome outcome = commands.sendAndWait(GenericCommandMessage.asCommandMessage(new ApplyPermit(
                holderId, citizenId, jurisdiction, residentSince, basis, appliedOn, hukouRegion))
                .andMetaData(recordedBy));
        if (!outcome.accepted()) {
            log.info("Holder {}: application in {} on {} refused under {}: {} unmet condition(s)", holderId,
                    jurisdiction, appliedOn, outcome.policyId(), outcome.unmet().size());
            ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "application-refused",
                    "Application refused", "The application does not meet the conditions of " + outcome.policyId()
                            + "; the refusal is recorded.");
            problem.setProperty("holderId", outcome.holderId());
            problem.setProperty("policy", outcome.policyId());
            problem.setProperty("unmet", outcome.unmet());
            return ResponseEntity.unprocessableEntity().body(problem);
        }
        log.info("Holder {}: application in {} on {} recorded", holderId, jurisdiction, appliedOn);
        return ResponseEntity.status(HttpStatus.CREATED).body(new HolderRef(holderId.toString()));
    }

    @PostMapping("/holders/{holderId}/issuance")
    IssuanceResponse issue(@PathVariable("holderId") String rawHolderId, @RequestBody IssuanceRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        LocalDate issuedOn = PastDates.date(clock, fields, "issuedOn", request.issuedOn());
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        send(recordedBy, new IssuePermit(holderId, issuedOn));
        return new IssuanceResponse(holderId.toString(), issuedOn);
    }

    @PostMapping("/holders/{holderId}/rejection")
    Recorded reject(@PathVariable("holderId") String rawHolderId, @RequestBody RejectionRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        LocalDate rejectedOn = PastDates.date(clock, fields, "rejectedOn", request.rejectedOn());
        String reason = text(fields, "reason", request.reason(), true);
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        return send(recordedBy, new RejectPermit(holderId, rejectedOn, reason));
    }

    @PostMapping("/holders/{holderId}/endorsements")
    Recorded endorse(@PathVariable("holderId") String rawHolderId, @RequestBody EndorsementRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        LocalDate endorsedOn = PastDates.date(clock, fields, "endorsedOn", request.endorsedOn());
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        return send(recordedBy, new EndorsePermit(holderId, endorsedOn));
    }

    @PostMapping("/holders/{holderId}/residence-records")
    Recorded recordResidence(@PathVariable("holderId") String rawHolderId,
                             @RequestBody ResidenceRecordRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        RegionCode jurisdiction = fields.required("jurisdiction", request.jurisdiction(), RegionCode::of);
        LocalDate from = PastDates.date(clock, fields, "from", request.from());
        LocalDate to = PastDates.date(clock, fields, "to", request.to());
        if (from != null && to != null && to.isBefore(from)) {
            fields.refuse("to", "is " + to + ", before the start " + from);
        }
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        return send(recordedBy, new RecordContinuousResidence(holderId, jurisdiction, from, to));
    }

    @PostMapping("/holders/{holderId}/insurance-months")
    Recorded recordInsuranceMonth(@PathVariable("holderId") String rawHolderId,
                                  @RequestBody InsuranceMonthRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        InsuranceMonth month = InsuranceMonth.check(fields, clock, request.jurisdiction(), request.month(),
                request.scheme(), request.paidOn(), request.transferredFrom());
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        return send(recordedBy, month.on(holderId));
    }

    @PostMapping("/holders/{holderId}/insurance-months/retractions")
    Recorded retractInsuranceMonth(@PathVariable("holderId") String rawHolderId,
                                   @RequestBody RetractionRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        YearMonth month = PastDates.month(clock, fields, "month", request.month());
        InsuranceScheme scheme = fields.requiredEnum("scheme", request.scheme(), InsuranceScheme.class);
        String reason = text(fields, "reason", request.reason(), true);
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        return send(recordedBy, new RetractSocialInsuranceMonth(holderId, month, scheme, reason));
    }

    @PostMapping("/holders/{holderId}/children/{childCitizenId}/school-years")
    Recorded recordSchoolYear(@PathVariable("holderId") String rawHolderId,
                              @PathVariable("childCitizenId") String rawChild, @RequestBody SchoolYearRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        CitizenId child = fields.required("childCitizenId", rawChild, CitizenId::of);
        RegionCode jurisdiction = fields.required("jurisdiction", request.jurisdiction(), RegionCode::of);
        SchoolLevel level = fields.requiredEnum("level", request.level(), SchoolLevel.class);
        Integer grade = fields.required("grade", request.grade(), HolderCommandController::grade);
        LocalDate from = PastDates.date(clock, fields, "from", request.from());
        LocalDate to = fields.requiredDate("to", request.to());
        if (level != null && grade != null && !level.hasGrade(grade)) {
            fields.refuse("grade", "grade " + grade + " is not in " + level + " (grades " + level.firstGrade()
                    + "-" + level.lastGrade() + ")");
        }
        if (from != null && to != null && to.isBefore(from)) {
            fields.refuse("to", "is " + to + ", before the start " + from);
        }
        if (child != null && from != null && from.isBefore(child.birthDate())) {
            fields.refuse("from", "is " + from + ", before the child was born");
        }
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        return send(recordedBy, new RecordChildSchoolYear(holderId, child, jurisdiction, level, grade, from, to));
    }

    /** A child completed a level of schooling (初中毕业), as the education bureau's register has it. */
    @PostMapping("/holders/{holderId}/children/{childCitizenId}/completions")
    Recorded recordSchoolingCompleted(@PathVariable("holderId") String rawHolderId,
                                      @PathVariable("childCitizenId") String rawChild,
                                      @RequestBody CompletionRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        CitizenId child = fields.required("childCitizenId", rawChild, CitizenId::of);
        RegionCode jurisdiction = fields.required("jurisdiction", request.jurisdiction(), RegionCode::of);
        SchoolLevel level = fields.requiredEnum("level", request.level(), SchoolLevel.class);
        LocalDate completedOn = PastDates.date(clock, fields, "completedOn", request.completedOn());
        if (child != null && completedOn != null && completedOn.isBefore(child.birthDate())) {
            fields.refuse("completedOn", "is " + completedOn + ", before the child was born");
        }
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        return send(recordedBy, new RecordChildSchoolingCompleted(holderId, child, jurisdiction, level,
                completedOn));
    }

    /** Where the holder's hukou is registered from a day, as the public security organ attests it. */
    @PostMapping("/holders/{holderId}/hukou")
    Recorded recordHukou(@PathVariable("holderId") String rawHolderId, @RequestBody HukouRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        RegionCode region = fields.required("hukouRegion", request.hukouRegion(), RegionCode::of);
        LocalDate since = PastDates.date(clock, fields, "since", request.since());
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        return send(recordedBy, new RecordHukou(holderId, region, since));
    }

    @PostMapping("/holders/{holderId}/qualifications")
    Recorded recordQualification(@PathVariable("holderId") String rawHolderId,
                                 @RequestBody QualificationRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        QualificationKind kind = fields.requiredEnum("kind", request.kind(), QualificationKind.class);
        RegionCode jurisdiction = fields.required("jurisdiction", request.jurisdiction(), RegionCode::of);
        LocalDate obtainedOn = PastDates.date(clock, fields, "obtainedOn", request.obtainedOn());
        String description = text(fields, "description", request.description(), false);
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        return send(recordedBy, new RecordQualification(holderId, kind, jurisdiction, obtainedOn, description));
    }

    @PostMapping("/holders/{holderId}/moves")
    Recorded move(@PathVariable("holderId") String rawHolderId, @RequestBody MoveRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        RegionCode to = fields.required("toJurisdiction", request.toJurisdiction(), RegionCode::of);
        LocalDate movedOn = PastDates.date(clock, fields, "movedOn", request.movedOn());
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        return send(recordedBy, new MoveResidence(holderId, to, movedOn));
    }

    @PostMapping("/holders/{holderId}/settlement")
    Recorded settle(@PathVariable("holderId") String rawHolderId, @RequestBody SettlementRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        LocalDate settledOn = PastDates.date(clock, fields, "settledOn", request.settledOn());
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        return send(recordedBy, new SettleHukou(holderId, settledOn));
    }

    @PostMapping("/holders/{holderId}/cancellation")
    Recorded cancel(@PathVariable("holderId") String rawHolderId, @RequestBody CancellationRequest request,
            @RequestHeader(name = ACTOR, required = false) String actor,
            @RequestHeader(name = AGENCY, required = false) String agency) {
        RequestFields fields = new RequestFields();
        HolderId holderId = holder(fields, rawHolderId);
        LocalDate cancelledOn = PastDates.date(clock, fields, "cancelledOn", request.cancelledOn());
        String reason = text(fields, "reason", request.reason(), true);
        MetaData recordedBy = recordedBy(fields, actor, agency);
        fields.validate();
        return send(recordedBy, new CancelPermit(holderId, cancelledOn, reason));
    }

    private Recorded send(MetaData recordedBy, HolderCommand command) {
        int recorded = commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(recordedBy));
        log.info("Holder {}: {} {}", command.holderId(), command.getClass().getSimpleName(),
                recorded > 0 ? "recorded" : "already on record");
        return new Recorded(command.holderId().toString(), recorded > 0);
    }

    /**
     * Who records the fact, for the audit trail: the verified token's subject and agency, carried on the command
     * and copied onto its events. {@code X-Actor} and {@code X-Agency} may still be sent; they must then name
     * the token's own subject and agency. A token without an agency is recorded as "unidentified" there.
     * With the request's {@code Idempotency-Key}, if it has one: a retry returns the first result.
     */
    private static MetaData recordedBy(RequestFields fields, String actor, String agency) {
        MetaData metaData = caller();
        sameAs(fields, ACTOR, text(fields, ACTOR, actor, false), (String) metaData.get("actor"), "the token's subject");
        sameAs(fields, AGENCY, text(fields, AGENCY, agency, false), (String) metaData.get("agency"),
                "the token's agency");
        String key = idempotencyKey(fields);
        return key == null ? metaData : metaData.and(IdempotentCommands.KEY, key);
    }

    /** The verified caller as event metadata: {@code actor} (the token's subject) and {@code agency}. */
    static MetaData caller() {
        Caller caller = Caller.current();
        return MetaData.with("actor", caller.subject())
                .and("agency", caller.agency() == null ? UNIDENTIFIED : caller.agency());
    }

    private static void sameAs(RequestFields fields, String header, String given, String expected, String what) {
        if (given != null && !given.equals(expected)) {
            fields.refuse(header, "is " + given + ", but " + what + " is " + expected);
        }
    }

    /** The request's Idempotency-Key: 1 to 200 visible ASCII characters (a UUID, say), or none. */
    private static String idempotencyKey(RequestFields fields) {
        var attributes = RequestContextHolder.getRequestAttributes();
        String raw = attributes instanceof ServletRequestAttributes servlet
                ? servlet.getRequest().getHeader(IDEMPOTENCY_KEY) : null;
        if (raw == null) {
            return null;
        }
        return fields.required(IDEMPOTENCY_KEY, raw, value -> {
            if (value.isEmpty() || value.length() > 200 || !value.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new InvalidValueException("must be 1 to 200 visible ASCII characters, e.g. a UUID");
            }
            return value;
        });
    }

    private static HolderId holder(RequestFields fields, String raw) {
        return fields.required("holderId", raw, HolderId::of);
    }



    private static String text(RequestFields fields, String field, String raw, boolean required) {
        Function<String, String> check = value -> {
            if (value.length() > MAX_TEXT) {
                throw new InvalidValueException("is longer than " + MAX_TEXT + " characters");
            }
            if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
                throw new InvalidValueException("contains control characters");
            }
            return value.strip();
        };
        if (raw == null || raw.isBlank()) {
            if (required) {
                fields.refuse(field, "is required");
            }
            return null;
        }
        return fields.required(field, raw, check);
    }


    private static Integer grade(String raw) {
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidValueException("must be a whole number");
        }
    }
}
