package ledger.permit.infra.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * How the machine's CPU time was shared among the parts of a local system over a stretch of time, from Linux's
 * {@code /proc}: each part's processes (a service; PostgreSQL's server and every process it started; the
 * benchmark's own JVM, which holds the in-JVM Kafka broker and the clients), the rest of the machine's busy time,
 * and its idle time. Each is a share of all the cores' time, so the shares add up to 100 %. Of a JVM's share, the part
 * its JIT compiler's threads took is told apart too: on two shared cores, a JVM's first minutes of a new kind of work
 * go largely to compiling it.
 * <p>
 * A process that started within the stretch is counted from its start. One of PostgreSQL's that ended within it (an
 * autovacuum worker, a closed connection's backend) is counted through its server's time of ended children, which
 * holds its whole life, less what it had taken when the stretch began. Elsewhere than on Linux there is no
 * {@code /proc}, and nothing is measured.
 */
final class CpuShares {

    private static final Path PROC = Path.of("/proc");

    /**
     * A part of the system, and the processes that are its own at the moment asked (they may change); with
     * {@code endedChildren}, its processes' children are among them, and those that end are counted too.
     */
    record Part(String name, Supplier<List<Long>> processes, boolean endedChildren) {

        Part(String name, Supplier<List<Long>> processes) {
            this(name, processes, false);
        }
    }

    /**
     * Of each part's processes, by process: its own CPU time, that of its ended children, and that of its JIT
     * compiler's threads (none but a JVM's); the machine's busy and idle time; all in clock ticks.
     */
    record Sample(Map<String, Map<Long, long[]>> ticks, long busy, long idle) {
    }

    private final List<Part> parts;

    CpuShares(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    private static boolean available() {
        return Files.isReadable(PROC.resolve("stat"));
    }

    /** The processes of the PostgreSQL server whose data folder is {@code data}: the server and its children. */
    static Supplier<List<Long>> postgres(Path data) {
        return () -> {
            try {
                long server = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
                List<Long> all = new ArrayList<>(List.of(server));
                try (Stream<Path> processes = Files.list(PROC)) {
                    processes.map(p -> p.getFileName().toString())
                            .filter(name -> name.chars().allMatch(Character::isDigit))
                            .map(Long::parseLong).filter(pid -> parent(pid) == server).forEach(all::add);
                }
                return all;
            } catch (IOException | RuntimeException e) {
                return List.of();
            }
        };
    }

    /** The parts' and the machine's time now; null where there is no {@code /proc}. */
    Sample sample() {
        if (!available()) {
            return null;
        }
        Map<String, Map<Long, long[]>> ticks = new LinkedHashMap<>();
        for (Part part : parts) {
            Map<Long, long[]> byProcess = new HashMap<>();
            for (long pid : part.processes().get()) {
                long[] stat = stat(pid);
                if (stat.length > 0) {
                    byProcess.put(pid, new long[]{stat[1] + stat[2], part.endedChildren() ? stat[3] + stat[4] : 0,
                            compiling(pid)});
                }
            }
            ticks.put(part.name(), byProcess);
        }
        long[] machine = machine();
        return new Sample(ticks, machine[0], machine[1]);
    }

    /**
     * Each part's share between the two samples, the rest of the busy time and the idle time, as
     * {@code "name 33 %, ..."}; empty if the machine's time did not move.
     */
    static String between(Sample before, Sample after) {
        if (before == null || after == null) {
            return "";
        }
        long total = total(before, after);
        if (total <= 0) {
            return "";
        }
        List<String> shares = new ArrayList<>();
        long parts = 0;
        for (String part : after.ticks().keySet()) {
            long used = used(before, after, part);
            parts += used;
            shares.add(String.format("%s %.0f %%", part, 100.0 * used / total));
        }
        long rest = Math.max(0, after.busy() - before.busy() - parts);
        shares.add(String.format("the rest %.0f %%", 100.0 * rest / total));
        shares.add(String.format("idle %.0f %%", 100.0 * (after.idle() - before.idle()) / total));
        return String.join(", ", shares);
    }

    /**
     * Of each part whose processes have JIT compiler threads, the share of all the cores' time those threads took
     * between the two samples, as {@code "name 12 %, ..."}; empty if there is none or the machine's time did not move.
     */
    static String compilers(Sample before, Sample after) {
        if (before == null || after == null || total(before, after) <= 0) {
            return "";
        }
        List<String> shares = new ArrayList<>();
        compiled(before, after).forEach((part, ticks) ->
                shares.add(String.format("%s %.0f %%", part, 100.0 * ticks / total(before, after))));
        return String.join(", ", shares);
    }

    /**
     * The share of all the cores' time (0 to 1) that the JIT compiler threads of every part took between the two
     * samples; NaN where there is no {@code /proc}, no JVM among the parts, or the machine's time did not move.
     */
    static double compiling(Sample before, Sample after) {
        if (before == null || after == null || total(before, after) <= 0) {
            return Double.NaN;
        }
        Map<String, Long> compiled = compiled(before, after);
        return compiled.isEmpty() ? Double.NaN
                : compiled.values().stream().mapToLong(Long::longValue).sum() / (double) total(before, after);
    }

    /** Of each part whose processes have JIT compiler threads, the ticks those threads took between the samples. */
    private static Map<String, Long> compiled(Sample before, Sample after) {
        Map<String, Long> compiled = new LinkedHashMap<>();
        for (var part : after.ticks().entrySet()) {
            Map<Long, long[]> earlier = before.ticks().getOrDefault(part.getKey(), Map.of());
            long ticks = 0;
            boolean jvm = false;
            for (var process : part.getValue().entrySet()) {
                jvm |= process.getValue()[2] >= 0;
                long then = earlier.containsKey(process.getKey()) ? earlier.get(process.getKey())[2] : 0;
                ticks += Math.max(0, process.getValue()[2] - Math.max(0, then));
            }
            if (jvm) {
                compiled.put(part.getKey(), ticks);
            }
        }
        return compiled;
    }

    /**
     * The CPU time {@code part}'s processes took between the two samples, in clock ticks; a process that ended
     * between them is counted through its parent's time of ended children, if the part counts those.
     */
    static long used(Sample before, Sample after, String part) {
        Map<Long, long[]> now = after.ticks().getOrDefault(part, Map.of());
        Map<Long, long[]> earlier = before.ticks().getOrDefault(part, Map.of());
        long used = 0;
        long ended = 0;
        for (var process : now.entrySet()) {
            long[] then = earlier.getOrDefault(process.getKey(), new long[2]);
            used += Math.max(0, process.getValue()[0] - then[0]);
            ended += process.getValue()[1] - then[1];
        }
        for (var process : earlier.entrySet()) {
            if (!now.containsKey(process.getKey())) {
                // ended: its whole life is in its parent's time of ended children, this much of it from before
                ended -= process.getValue()[0] + process.getValue()[1];
            }
        }
        return used + Math.max(0, ended);
    }

    /** All the cores' time between the two samples, busy and idle, in clock ticks. */
    static long total(Sample before, Sample after) {
        return (after.busy() - before.busy()) + (after.idle() - before.idle());
    }

    /** The thread names a HotSpot JVM gives its compilers' threads, as Linux keeps them (15 characters at most). */
    private static final List<String> COMPILER_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");

    /**
     * The CPU time of the process's JIT compiler threads, in clock ticks; -1 if it has none (it is no HotSpot JVM)
     * or is gone.
     */
    static long compiling(long pid) {
        long ticks = -1;
        try (Stream<Path> threads = Files.list(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path thread : threads.toList()) {
                try {
                    if (COMPILER_THREADS.stream().anyMatch(Files.readString(thread.resolve("comm"))::startsWith)) {
                        String[] fields = statFields(thread);
                        ticks = Math.max(ticks, 0) + Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while it was looked at
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks;
    }

    /**
     * The processor's model as Linux names it ({@code /proc/cpuinfo}), for runs on machines of the same size but not
     * the same speed to be told apart; the architecture elsewhere.
     */
    static String processor() {
        try (Stream<String> lines = Files.lines(PROC.resolve("cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1)
                    .strip()).findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    /** The parent's process id, or -1. */
    private static long parent(long pid) {
        long[] stat = stat(pid);
        return stat.length == 0 ? -1 : stat[0];
    }

    /**
     * From {@code /proc/PID/stat}: the parent, then the process's user and system time and its ended children's
     * (those it has waited for), in clock ticks; empty if the process is gone.
     */
    private static long[] stat(long pid) {
        try {
            String[] fields = statFields(PROC.resolve(Long.toString(pid)));
            return new long[]{Long.parseLong(fields[1]), Long.parseLong(fields[11]), Long.parseLong(fields[12]),
                    Long.parseLong(fields[13]), Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    /**
     * The fields of a process's or a thread's {@code stat} after its command's name, which is in parentheses and may
     * hold spaces: state, ppid, ..., utime at 11, stime at 12.
     */
    private static String[] statFields(Path processOrThread) throws IOException {
        String line = Files.readString(processOrThread.resolve("stat"));
        return line.substring(line.lastIndexOf(')') + 2).split(" ");
    }

    /** The machine's busy and idle time, all cores, in clock ticks (the first line of {@code /proc/stat}). */
    private static long[] machine() {
        try {
            String[] cpu = Files.readAllLines(PROC.resolve("stat")).getFirst().trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            long busy = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3])
                    + Long.parseLong(cpu[6]) + Long.parseLong(cpu[7]) + Long.parseLong(cpu[8]);
            return new long[]{busy, idle};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }
}
