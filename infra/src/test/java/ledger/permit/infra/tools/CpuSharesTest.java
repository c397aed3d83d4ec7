package ledger.permit.infra.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The CPU shares of a stretch of time, on Linux: this JVM's busy thread shows, and the shares add up. */
class CpuSharesTest {

    private static final Pattern SHARE = Pattern.compile("([^,]+) (\\d+) %");

    @Test
    void a_busy_process_has_its_share_and_the_shares_add_up(@TempDir Path noServer) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "no /proc here");
        long self = ProcessHandle.current().pid();
        CpuShares cpu = new CpuShares(List.of(
                new CpuShares.Part("this JVM", () -> List.of(self)),
                new CpuShares.Part("gone", () -> List.of(Long.MAX_VALUE)),
                new CpuShares.Part("no server", CpuShares.postgres(noServer))));

        CpuShares.Sample before = cpu.sample();
        var thread = ManagementFactory.getThreadMXBean();
        long busyFrom = thread.getCurrentThreadCpuTime();
        long spins = 0;
        while (thread.getCurrentThreadCpuTime() - busyFrom < 600_000_000L) {
            spins++;
        }
        String shares = CpuShares.between(before, cpu.sample());

        Matcher matcher = SHARE.matcher(shares);
        java.util.Map<String, Integer> byPart = new java.util.LinkedHashMap<>();
        while (matcher.find()) {
            byPart.put(matcher.group(1).strip(), Integer.parseInt(matcher.group(2)));
        }
        assertThat(byPart).as(shares).containsOnlyKeys("this JVM", "gone", "no server", "the rest", "idle");
        // 0.6 s of one thread's CPU: a share of all the cores' time over the stretch, however many there are
        assertThat(byPart.get("this JVM")).as("%s after %d spins", shares, spins).isPositive();
        assertThat(byPart.get("gone")).isZero();
        assertThat(byPart.get("no server")).isZero();
        assertThat(byPart.values().stream().mapToInt(Integer::intValue).sum()).as(shares).isBetween(97, 103);
    }

    @Test
    void a_process_that_ended_counts_with_what_it_took_after_the_first_sample() {
        // a server (1) and two of its children: one (2) ends having taken 80 ticks in all, 50 of them before the
        // first sample, and the server has waited for it; one (3) starts and ends in between, taking 20
        CpuShares.Sample before = new CpuShares.Sample(
                Map.of("server", Map.of(1L, new long[]{100, 0}, 2L, new long[]{50, 0})), 1_000, 1_000);
        CpuShares.Sample after = new CpuShares.Sample(
                Map.of("server", Map.of(1L, new long[]{110, 80 + 20})), 1_100, 1_100);

        // 10 of its own, 30 of the child that ended, 20 of the one that came and went: 60 of 200
        assertThat(CpuShares.between(before, after)).isEqualTo("server 30 %, the rest 20 %, idle 50 %");
    }

    @Test
    void the_jit_compilers_share_is_told_for_each_jvm_only() {
        // a JVM (1) whose compiler threads took 30 ticks of 200, a restarted one (3, new in the second sample) 10, and
        // a process with no compiler threads (2)
        CpuShares.Sample before = new CpuShares.Sample(Map.of(
                "service", Map.of(1L, new long[]{500, 0, 70}),
                "restarted", Map.of(4L, new long[]{300, 0, 90}),
                "database", Map.of(2L, new long[]{100, 0, -1})), 1_000, 1_000);
        CpuShares.Sample after = new CpuShares.Sample(Map.of(
                "service", Map.of(1L, new long[]{560, 0, 100}),
                "restarted", Map.of(3L, new long[]{40, 0, 10}),
                "database", Map.of(2L, new long[]{120, 0, -1})), 1_100, 1_100);

        assertThat(CpuShares.compilers(before, after).split(", "))
                .containsExactlyInAnyOrder("service 15 %", "restarted 5 %");
    }

    @Test
    void this_jvm_has_compiler_threads_and_a_gone_process_has_none() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/task")), "no /proc here");
        assertThat(CpuShares.compiling(ProcessHandle.current().pid())).isNotNegative();
        assertThat(CpuShares.compiling(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void the_processor_is_named() {
        assertThat(CpuShares.processor()).isNotBlank().doesNotContain("model name").doesNotStartWith(":");
    }

    @Test
    void without_two_samples_there_is_nothing_to_say() {
        assertThat(CpuShares.between(null, null)).isEmpty();
        assertThat(CpuShares.compilers(null, null)).isEmpty();
    }
}
