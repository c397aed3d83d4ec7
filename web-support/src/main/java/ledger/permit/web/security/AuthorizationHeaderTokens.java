package ledger.permit.web.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The bearer token of the {@code Authorization} header, taken as Spring Security's {@link DefaultBearerTokenResolver}
 * takes it (with its defaults: no token from a form or query parameter), but checked character by character instead
 * of by its regular expression, which a profile of the query service under load found in about 4 % of the samples:
 * <ul>
 *   <li>a header that does not begin with {@code bearer} (in any case) carries no token: {@code null};</li>
 *   <li>otherwise it must be {@code Bearer}, one space, and a token of RFC 6750's {@code b64token} characters
 *       ({@code A-Z a-z 0-9 - . _ ~ + /}, then any {@code =}), or it is refused as malformed.</li>
 * </ul>
 */
final class AuthorizationHeaderTokens implements BearerTokenResolver {

    private static final String SCHEME = "Bearer ";

    @Override
    public String resolve(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length() - 1)) {
            return null;
        }
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw malformed();
        }
        int end = authorization.length();
        while (end > SCHEME.length() && authorization.charAt(end - 1) == '=') {
            end--;
        }
        if (end == SCHEME.length()) {
            throw malformed();
        }
        for (int i = SCHEME.length(); i < end; i++) {
            if (!tokenCharacter(authorization.charAt(i))) {
                throw malformed();
            }
        }
        return authorization.substring(SCHEME.length());
    }

    private static boolean tokenCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static OAuth2AuthenticationException malformed() {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
    }
}
