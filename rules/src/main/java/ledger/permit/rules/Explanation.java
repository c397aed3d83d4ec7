package ledger.permit.rules;

import java.util.List;

/** Why a service has its status: sentences in Chinese and in English naming the facts that counted. */
public record Explanation(List<String> zh, List<String> en) {

    public Explanation {
        zh = List.copyOf(zh);
        en = List.copyOf(en);
    }
}
