package ledger.permit.projector.publication;

import ledger.permit.projector.publication.Generalisation.Tuple;
import ledger.permit.rules.policy.Policy;
import ledger.permit.rules.policy.PolicyCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The level each tuple of a holder's exact quasi-identifiers is published at ({@link Recoding}), kept in
 * {@code publication.profile_level}. A level once decided never changes, so what this instance has read stays true.
 */
public final class ProfileLevels {

    private static final Logger log = LoggerFactory.getLogger(ProfileLevels.class);
    /** The transaction lock that lets one projector instance decide levels at a time ("classes" in ASCII). */
    private static final long RECODING_LOCK = 0x636c6173736573L;

    private final JdbcTemplate jdbc;
    private final int k;
    private final Duration wait;
    private final List<List<String>> policyRegions;
    /** Levels read from the table: decided, so true for good; filled only from committed rows. */
    private final Map<Tuple, Integer> decided = new ConcurrentHashMap<>();

    /**
     * @param k        the fewest holders any published combination of attributes is shared by; 1 publishes every
     *                 holder at once at the finest level, for tests of delivery (the table is not used)
     * @param wait     how long a new tuple waits for a class at the finest level before it takes a coarser one
     * @param policies the policies, whose regions a jurisdiction is never published coarser than
     */
    public ProfileLevels(JdbcTemplate jdbc, int k, Duration wait, PolicyCatalog policies) {
        if (k < 1 || wait.isNegative()) {
            throw new IllegalArgumentException("k must be at least 1 and the wait not negative, not " + k + " and "
                    + wait);
        }
        this.jdbc = jdbc;
        this.k = k;
        this.wait = wait;
        this.policyRegions = policies.policies().stream().map(Policy::regions).toList();
    }

    /** The decided levels of these tuples; a tuple still waiting is absent. With k = 1, every tuple at the finest. */
    Map<Tuple, Integer> levels(Collection<Tuple> tuples) {
        Map<Tuple, Integer> levels = new HashMap<>();
        if (k == 1) {
            tuples.forEach(tuple -> levels.put(tuple, 0));
            return levels;
        }
        List<Tuple> unknown = new ArrayList<>();
        for (Tuple tuple : tuples) {
            Integer level = decided.get(tuple);
            if (level != null) {
                levels.put(tuple, level);
            } else {
                unknown.add(tuple);
            }
        }
        if (!unknown.isEmpty()) {
            jdbc.query(connection -> {
                var query = connection.prepareStatement("SELECT p.birth_year, p.male, p.hukou, p.jurisdiction, p.level "
                        + "FROM publication.profile_level p JOIN unnest(?, ?, ?, ?) AS t (birth_year, male, hukou, "
                        + "jurisdiction) USING (birth_year, male, hukou, jurisdiction) WHERE p.level IS NOT NULL");
                query.setArray(1, connection.createArrayOf("int4", unknown.stream().map(Tuple::birthYear).toArray()));
                query.setArray(2, connection.createArrayOf("bool", unknown.stream().map(Tuple::male).toArray()));
                query.setArray(3, connection.createArrayOf("text", unknown.stream().map(Tuple::hukou).toArray()));
                query.setArray(4, connection.createArrayOf("text",
                        unknown.stream().map(Tuple::jurisdiction).toArray()));
                return query;
            }, rs -> {
                Tuple tuple = tuple(rs);
                decided.put(tuple, rs.getInt("level"));
                levels.put(tuple, rs.getInt("level"));
            });
        }
        return levels;
    }

    /**
     * Decides the level of every tuple of the read model's holders that has none and can have one now, in the
     * caller's transaction (one instance at a time).
     *
     * @return how many tuples got a level
     */
    int recode(LocalDate today) {
        if (k == 1) {
            return 0;
        }
        jdbc.execute("SELECT pg_advisory_xact_lock(" + RECODING_LOCK + ")");
        Map<Tuple, Long> counts = new HashMap<>();
        // a holder published once stays in the class of the jurisdiction it was published with
        jdbc.query("SELECT substr(h.citizen_id, 1, 6) AS region, substr(h.citizen_id, 7, 4) AS born, "
                + "substr(h.citizen_id, 17, 1) AS sex, coalesce(p.profile_jurisdiction, h.jurisdiction, '') "
                + "AS jurisdiction, count(*) AS n FROM holder h LEFT JOIN publication.holder_publication p "
                + "USING (holder_id) GROUP BY 1, 2, 3, 4", rs -> {
            counts.merge(Tuple.of(rs.getString("region"), rs.getString("born"), rs.getString("sex").charAt(0),
                    rs.getString("jurisdiction")), rs.getLong("n"), Long::sum);
        });
        Map<Tuple, Integer> levels = new HashMap<>();
        Map<Tuple, LocalDate> firstSeen = new HashMap<>();
        jdbc.query("SELECT birth_year, male, hukou, jurisdiction, level, first_seen FROM publication.profile_level",
                rs -> {
                    Tuple tuple = tuple(rs);
                    int level = rs.getInt("level");
                    if (rs.wasNull()) {
                        firstSeen.put(tuple, rs.getObject("first_seen", LocalDate.class));
                    } else {
                        levels.put(tuple, level);
                    }
                });
        decided.putAll(levels);
        Map<String, Integer> coarsest = new HashMap<>();
        Map<Tuple, Integer> now = Recoding.assign(counts, levels, firstSeen, tuple -> coarsest.computeIfAbsent(
                tuple.jurisdiction(), j -> Generalisation.coarsestLevel(j, policyRegions)), today, k, wait);
        List<Object[]> rows = new ArrayList<>();
        long waiting = 0;
        for (Map.Entry<Tuple, Long> entry : counts.entrySet()) {
            Tuple tuple = entry.getKey();
            Integer level = now.get(tuple);
            if (level == null && !levels.containsKey(tuple)) {
                waiting += entry.getValue();
            }
            if (level != null || !levels.containsKey(tuple) && !firstSeen.containsKey(tuple)) {
                rows.add(new Object[]{tuple.birthYear(), tuple.male(), tuple.hukou(), tuple.jurisdiction(), level,
                        firstSeen.getOrDefault(tuple, today), level == null ? null : today});
            }
        }
        jdbc.batchUpdate("INSERT INTO publication.profile_level (birth_year, male, hukou, jurisdiction, level, "
                + "first_seen, decided_on) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (birth_year, male, hukou, "
                + "jurisdiction) DO UPDATE SET level = excluded.level, decided_on = excluded.decided_on "
                + "WHERE profile_level.level IS NULL", rows);
        if (!now.isEmpty() || waiting > 0) {
            log.info("Classes of at least {} holders: {} more tuple(s) of attributes placed; {} holder(s) wait for "
                    + "a class", k, now.size(), waiting);
        }
        return now.size();
    }

    private static Tuple tuple(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Tuple(rs.getInt("birth_year"), rs.getBoolean("male"), rs.getString("hukou"),
                rs.getString("jurisdiction"));
    }
}
