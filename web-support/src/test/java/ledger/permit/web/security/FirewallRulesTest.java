package ledger.permit.web.security;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's header rules answer every text as Spring Security's regular expressions do. */
class FirewallRulesTest {

    /** StrictHttpFirewall's rule for header and parameter names. */
    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    /** StrictHttpFirewall's rule for header values. */
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void the_same_answer_as_spring_securitys_expressions() {
        String[] parts = {"a", "Z", "0", " ", "\t", "\n", "\r", "\u0000", "\u007f", "\u0085", "\u00a0", "证", "居住",
                "\u0378", "\uffff", "\ud83d\ude00", "\ud83d", "\ude00", "\u200b", "\u2028", "%0A", "Bearer x", "=",
                "\udb40\udc01", "\ue000"};
        Random random = new Random(11);
        List<String> differences = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(6);
            for (int j = 0; j < n; j++) {
                text.append(parts[random.nextInt(parts.length)]);
            }
            String s = text.toString();
            boolean name = ApiSecurity.assignedAndNotControl(s, false);
            boolean value = ApiSecurity.assignedAndNotControl(s, true);
            if (name != NAMES.matcher(s).matches() || value != VALUES.matcher(s).matches()) {
                differences.add(s.codePoints().mapToObj(Integer::toHexString).toList() + ": " + name + " " + value);
            }
            refused += name ? 0 : 1;
        }
        assertThat(differences).isEmpty();
        assertThat(refused).isPositive();
        assertThat(ApiSecurity.assignedAndNotControl("a\tb", true)).isTrue();
        assertThat(ApiSecurity.assignedAndNotControl("a\tb", false)).isFalse();
    }
}
