package ledger.permit.query.access;

import ledger.permit.web.security.Role;

import java.util.Arrays;

import static ledger.permit.web.security.Role.AGENCY;
import static ledger.permit.web.security.Role.AUDITOR;
import static ledger.permit.web.security.Role.REGISTRAR;

/**
 * Each way of reading one holder's data: the endpoint, the roles it serves (in the order a caller holding
 * several acts under), and the name the access log gives it.
 */
public enum HolderRead {
    LOOKUP("holder-lookup", "/api/v1/holders", AGENCY, AUDITOR, REGISTRAR),
    ENTITLEMENTS("entitlements", "/api/v1/holders/*/entitlements", AGENCY, AUDITOR),
    HISTORY("history", "/api/v1/holders/*/history", AUDITOR),
    AUDIT("audit", "/api/v1/holders/*/audit", AUDITOR),
    VERIFICATION("verification", "/api/v1/holders/*/verification", AUDITOR),
    ACCESSES("accesses", "/api/v1/holders/*/accesses", AUDITOR),
    ACCESS_EXPORT("accesses-export", "/api/v1/holders/*/accesses/export", AUDITOR);

    private final String resource;
    private final String path;
    private final Role[] roles;

    HolderRead(String resource, String path, Role... roles) {
        this.resource = resource;
        this.path = path;
        this.roles = roles;
    }

    public String resource() {
        return resource;
    }

    public String path() {
        return path;
    }

    public Role[] roles() {
        return roles.clone();
    }

    public String[] roleNames() {
        return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }
}
