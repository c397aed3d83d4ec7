package ledger.permit.infra.tools;

import ledger.permit.infra.local.LocalSettings;
import ledger.permit.infra.local.LocalTokens;

import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code token}: prints a bearer token of the local system for the given roles, signed with the key in the
 * data folder (made there if the system has not run yet). Only the local system accepts it.
 */
public final class IssueToken {

    private static final String USAGE = """
            usage: token --role ROLE[,ROLE...] [--subject NAME] [--agency CODE] [--ttl 8h]
              roles: %s
              prints the token alone on standard output, e.g.
                TOKEN=$(java -jar infra/target/permit-ledger-local-exec.jar token --role AGENCY --agency ruili-hrss)
                curl -H "Authorization: Bearer $TOKEN" -H "X-Purpose: school-admission" http://localhost:8080/api/v1/...
            """.formatted(String.join(", ", LocalTokens.ROLES));

    private IssueToken() {
    }

    /** Runs the command; returns the exit code (0 printed, 64 bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> roles = new ArrayList<>();
        String subject = "local-user";
        String agency = null;
        Duration ttl = Duration.ofHours(8);
        try {
            for (int i = 1; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--role", "--roles" -> roles.addAll(List.of(required(args[i], value).split(",")));
                    case "--subject" -> subject = required(args[i], value);
                    case "--agency" -> agency = required(args[i], value);
                    case "--ttl" -> ttl = Duration.parse("PT" + required(args[i], value).toUpperCase(Locale.ROOT));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                i++;
            }
            roles.replaceAll(role -> role.strip().toUpperCase(Locale.ROOT));
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("name at least one role");
            }
            for (String role : roles) {
                if (!LocalTokens.ROLES.contains(role)) {
                    throw new IllegalArgumentException("unknown role " + role);
                }
            }
            if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(30)) > 0) {
                throw new IllegalArgumentException("--ttl must be more than 0 and at most 30 days (720h)");
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println("token: " + e.getMessage());
            err.print(USAGE);
            return 64;
        }
        LocalTokens tokens = LocalTokens.loadOrCreate(LocalSettings.fromEnvironment().tokenKeyFile());
        out.println(tokens.issue(subject, agency, ttl, roles));
        return 0;
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return value;
    }
}
