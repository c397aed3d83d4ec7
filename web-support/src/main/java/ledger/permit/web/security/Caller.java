package ledger.permit.web.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling, as the verified bearer token says: its subject ({@code sub}), the agency it acts for
 * ({@code agency}, when the token names one) and its roles.
 */
public record Caller(String subject, String agency, Set<Role> roles) {

    public static final String AGENCY_CLAIM = "agency";

    /** The caller of the request being handled; only reachable behind the API's security. */
    public static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            throw new IllegalStateException("no verified bearer token on this request");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : token.getAuthorities()) {
            for (Role role : Role.values()) {
                if (role.authority().equals(authority.getAuthority())) {
                    roles.add(role);
                }
            }
        }
        return new Caller(token.getToken().getSubject(), token.getToken().getClaimAsString(AGENCY_CLAIM),
                Set.copyOf(roles));
    }

    /** The first of {@code allowed} the caller holds: the role under which an endpoint serves it. */
    public Role actingAs(Role... allowed) {
        for (Role role : allowed) {
            if (roles.contains(role)) {
                return role;
            }
        }
        throw new IllegalStateException("the caller holds none of the roles the endpoint allows");
    }
}
