package ledger.permit.query.policy;

import ledger.permit.rules.policy.Finding;
import ledger.permit.rules.policy.InvalidPolicyException;
import ledger.permit.rules.policy.Policy;
import ledger.permit.rules.policy.PolicyCatalog;
import ledger.permit.rules.policy.PolicyFiles;
import ledger.permit.rules.policy.Source;
import ledger.permit.web.Pagination;
import ledger.permit.web.ResourceNotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The policies the ledger applies, each cited to its documents, and a check for candidate policy files. */
@RestController
@RequestMapping("/api/v1/policies")
class PolicyController {

    private final PolicyCatalog catalog;

    PolicyController(PolicyCatalog catalog) {
        this.catalog = catalog;
    }

    record PolicySummary(String id, int version, String title, List<Source> sources, List<String> regions,
                         LocalDate effectiveFrom, LocalDate effectiveTo) {
    }

    record Validation(boolean valid, List<Finding> findings) {
    }

    @GetMapping
    ResponseEntity<List<PolicySummary>> list(@RequestParam(name = "page", required = false) String page,
                                             @RequestParam(name = "size", required = false) String size) {
        return Pagination.page(catalog.policies().stream()
                .map(p -> new PolicySummary(p.id(), p.version(), p.title(), p.sources(), p.regions(),
                        p.effectiveFrom(), p.effectiveTo()))
                .toList(), page, size);
    }

    /** Every version of the policy (superseded ones too), with its parameters and their references. */
    @GetMapping("/{id}")
    List<Policy> show(@PathVariable("id") String id) {
        List<Policy> versions = catalog.policies().stream().filter(p -> p.id().equals(id)).toList();
        if (versions.isEmpty()) {
            throw new ResourceNotFoundException("No policy " + id + " is known.");
        }
        return versions;
    }

    /**
     * Checks a candidate policy file (YAML or JSON) as it would be published: alone, and beside the policies in
     * force (overlaps, regions bound twice, caps of higher documents). Publishes nothing.
     */
    @PostMapping(consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain", "application/json"},
            path = "/validate")
    Validation validate(@RequestBody String candidateFile) {
        Policy candidate;
        try {
            candidate = PolicyFiles.parse("candidate", candidateFile);
        } catch (InvalidPolicyException e) {
            return new Validation(false, e.findings());
        }
        List<Policy> all = new ArrayList<>(catalog.policies().stream()
                .filter(p -> !(p.id().equals(candidate.id()) && p.version() == candidate.version())).toList());
        all.add(candidate);
        // the published policies are valid among themselves: whatever is found, the candidate brings
        List<Finding> findings = PolicyCatalog.validate(all);
        return new Validation(findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR), findings);
    }
}
