package ledger.permit.command.holder;

import ledger.permit.contracts.holder.HolderCommand.ApplyPermit;
import ledger.permit.contracts.holder.HolderCommand.IssuePermit;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.web.RequestFields;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/** The command API for permits. Checks every field, then hands a typed command to the holder. */
@RestController
@RequestMapping("/api/v1")
class HolderCommandController {

    private static final Logger log = LoggerFactory.getLogger(HolderCommandController.class);

    private final CommandGateway commands;
    private final Clock clock;

    HolderCommandController(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    record PermitApplicationRequest(String citizenId, String jurisdiction, String residentSince, String basis,
                                    String appliedOn) {
    }

    record PermitApplicationResponse(String holderId) {
    }

    record IssuanceRequest(String issuedOn) {
    }

    record IssuanceResponse(String holderId, LocalDate issuedOn) {
    }

    @PostMapping("/permit-applications")
    @ResponseStatus(HttpStatus.CREATED)
    PermitApplicationResponse apply(@RequestBody PermitApplicationRequest request) {
        RequestFields fields = new RequestFields();
        CitizenId citizenId = fields.required("citizenId", request.citizenId(), CitizenId::of);
        RegionCode jurisdiction = fields.required("jurisdiction", request.jurisdiction(), RegionCode::of);
        LocalDate residentSince = fields.requiredDate("residentSince", request.residentSince());
        PermitBasis basis = fields.requiredEnum("basis", request.basis(), PermitBasis.class);
        LocalDate appliedOn = fields.requiredDate("appliedOn", request.appliedOn());
        notInTheFuture(fields, "appliedOn", appliedOn);
        notInTheFuture(fields, "residentSince", residentSince);
        fields.validate();

        HolderId holderId = new HolderId(UUID.randomUUID());
        commands.sendAndWait(new ApplyPermit(holderId, citizenId, jurisdiction, residentSince, basis, appliedOn));
        log.info("Holder {} opened: application in {} on {}", holderId, jurisdiction, appliedOn);
        return new PermitApplicationResponse(holderId.toString());
    }

    @PostMapping("/holders/{holderId}/issuance")
    IssuanceResponse issue(@PathVariable("holderId") String rawHolderId, @RequestBody IssuanceRequest request) {
        RequestFields fields = new RequestFields();
        HolderId holderId = fields.required("holderId", rawHolderId, HolderId::of);
        LocalDate issuedOn = fields.requiredDate("issuedOn", request.issuedOn());
        notInTheFuture(fields, "issuedOn", issuedOn);
        fields.validate();

        commands.sendAndWait(new IssuePermit(holderId, issuedOn));
        log.info("Holder {}: permit issued on {}", holderId, issuedOn);
        return new IssuanceResponse(holderId.toString(), issuedOn);
    }

    private void notInTheFuture(RequestFields fields, String field, LocalDate date) {
        LocalDate today = LocalDate.now(clock);
        if (date != null && date.isAfter(today)) {
            fields.refuse(field, "is " + date + ", in the future (today is " + today + ")");
        }
    }
}
