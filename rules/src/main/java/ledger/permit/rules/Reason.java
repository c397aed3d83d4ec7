package ledger.permit.rules;

import ledger.permit.rules.policy.Citation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reason a decision gives, as data: what it says ({@code key}, a message template), the facts and figures that
 * counted, the clause it rests on, and for a condition whether it is met. The sentences a clerk reads are rendered
 * from it afterwards ({@link Explanations}); nothing in the decision is prose.
 *
 * @param met for a condition, whether it is met; null for a statement
 */
public record Reason(String key, Map<String, Object> facts, Citation clause, Boolean met) {

    public Reason {
        facts = facts == null ? Map.of() : Collections.unmodifiableMap(facts);
    }

    static Reason of(String key, Object... namesAndValues) {
        return new Reason(key, facts(namesAndValues), null, null);
    }

    static Reason of(String key, Map<String, Object> facts) {
        return new Reason(key, facts, null, null);
    }

    static Reason condition(String key, boolean met, Citation clause, String localChoice, Object... namesAndValues) {
        Map<String, Object> facts = facts(namesAndValues);
        if (localChoice != null) {
            facts.put("localChoice", localChoice);
        }
        return new Reason(key, facts, clause, met);
    }

    private static Map<String, Object> facts(Object... namesAndValues) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                facts.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return facts;
    }
}
