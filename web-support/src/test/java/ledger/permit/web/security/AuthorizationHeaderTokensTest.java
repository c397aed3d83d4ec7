package ledger.permit.web.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The header resolver answers every header as Spring Security's default resolver does. */
class AuthorizationHeaderTokensTest {

    private final BearerTokenResolver ours = new AuthorizationHeaderTokens();
    private final BearerTokenResolver spring = new DefaultBearerTokenResolver();

    @Test
    void known_headers() {
        assertThat(answer(ours, null)).isEqualTo("null");
        assertThat(answer(ours, "Bearer abc.DEF-ghi_~+/==")).isEqualTo("abc.DEF-ghi_~+/==");
        assertThat(answer(ours, "bEaReR x")).isEqualTo("x");
        assertThat(answer(ours, "Basic dXNlcjpwYXNz")).isEqualTo("null");
        assertThat(answer(ours, "Bearer ")).startsWith("refused");
        assertThat(answer(ours, "Bearer a b")).startsWith("refused");
        assertThat(answer(ours, "Bearer ==")).startsWith("refused");
        assertThat(answer(ours, "Bearer a=b")).startsWith("refused");
        assertThat(answer(ours, "Bearerx")).startsWith("refused");
        for (String header : List.of("Bearer abc.DEF-ghi_~+/==", "bEaReR x", "Basic dXNlcjpwYXNz", "Bearer ",
                "Bearer a b", "Bearer ==", "Bearer a=b", "Bearerx")) {
            assertThat(answer(ours, header)).as(header).isEqualTo(answer(spring, header));
        }
    }

    @Test
    void the_same_answer_as_springs_resolver_for_random_headers() {
        String[] parts = {"Bearer", "bearer", "BEARER", "Bear", " ", "  ", "=", "==", "a", "Z", "9", "-", ".", "_",
                "~", "+", "/", "\t", "\n", ",", ":", "%", "é", "证", "\u0000", "Basic", "eyJhbGciOiJSUzI1NiJ9"};
        Random random = new Random(7);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder();
            int n = random.nextInt(8);
            for (int j = 0; j < n; j++) {
                header.append(parts[random.nextInt(parts.length)]);
            }
            String ourAnswer = answer(ours, header.toString());
            String springAnswer = answer(spring, header.toString());
            if (!ourAnswer.equals(springAnswer)) {
                differences.add("[" + header + "]: " + ourAnswer + " / " + springAnswer);
            }
        }
        assertThat(differences).isEmpty();
    }

    /** The token, "null", or "refused: " and the error's description. */
    private static String answer(BearerTokenResolver resolver, String header) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/holders");
        if (header != null) {
            request.addHeader("Authorization", header);
        }
        try {
            return String.valueOf(resolver.resolve(request));
        } catch (OAuth2AuthenticationException e) {
            return "refused: " + e.getError().getErrorCode() + " " + e.getError().getDescription();
        }
    }
}
