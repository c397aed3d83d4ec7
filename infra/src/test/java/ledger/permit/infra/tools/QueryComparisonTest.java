package ledger.permit.infra.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code compare-queries}'s arguments: each mistake is refused with its reason and the usage, before anything starts.
 * (Its run on real data is in {@link BenchmarkSmokeTest}.)
 */
class QueryComparisonTest {

    @TempDir
    Path folder;

    @Test
    void each_bad_argument_is_refused_with_its_reason() throws Exception {
        Path jar = Files.createFile(folder.resolve("query-service-exec.jar"));
        Path empty = Files.createDirectory(folder.resolve("empty"));
        String dir = empty.toString();
        assertRefused("--data-dir and --a are required");
        assertRefused("--data-dir and --a are required", "--a", jar.toString());
        assertRefused("holds no ledger's data", "--data-dir", dir, "--a", jar.toString());
        assertRefused("no query service jar at", "--data-dir", dir, "--a", folder.resolve("none.jar").toString());
        assertRefused("a setting is NAME=VALUE, not x", "--data-dir", dir, "--a", jar.toString(), "--b-setting", "x");
        assertRefused("a Java option starts with -, not UseSerialGC", "--data-dir", dir, "--a", jar.toString(),
                "--a-java-option", "-Xss1m", "--b-java-option", "UseSerialGC");
        assertRefused("--clients must be 1 to 256", "--data-dir", dir, "--a", jar.toString(), "--clients", "0");
        assertRefused("--rounds must be a whole number, not six", "--data-dir", dir, "--a", jar.toString(),
                "--rounds", "six");
        assertRefused("--warm-up must be at least 0, --rounds 1 to 100", "--data-dir", dir, "--a", jar.toString(),
                "--rounds", "0");
        assertRefused("--round-seconds needs a value", "--data-dir", dir, "--a", jar.toString(), "--round-seconds");
        assertRefused("unknown argument --c", "--data-dir", dir, "--a", jar.toString(), "--c", "other.jar");
    }

    @Test
    void the_median_of_the_rounds() {
        assertThat(QueryComparison.median(new double[]{0.9})).isEqualTo(0.9);
        assertThat(QueryComparison.median(new double[]{0.9, 1.0, 1.3})).isEqualTo(1.0);
        assertThat(QueryComparison.median(new double[]{0.9, 1.0, 1.2, 1.3})).isEqualTo(1.1, org.assertj.core.data
                .Offset.offset(1e-12));
    }

    private static void assertRefused(String reason, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "compare-queries";
        System.arraycopy(args, 0, command, 1, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = QueryComparison.run(command, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(String.join(" ", args)).isEqualTo(64);
        assertThat(err.toString(StandardCharsets.UTF_8)).as(String.join(" ", args)).contains(reason)
                .contains("usage: compare-queries --data-dir DIR --a JAR");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
