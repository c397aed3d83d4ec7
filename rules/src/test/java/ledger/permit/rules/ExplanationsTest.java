package ledger.permit.rules;

import ledger.permit.rules.policy.Citation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sentences come from the message templates, in both languages, filled with the facts that counted. */
class ExplanationsTest {

    @Test
    void both_languages_have_a_template_for_every_reason_the_rules_give() throws IOException {
        assertThat(Explanations.keys("zh")).isEqualTo(Explanations.keys("en"));
        Set<String> used = new TreeSet<>();
        Pattern key = Pattern.compile("\"((?:permit|service|condition)\\.[A-Za-z.]+)\"");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java/ledger/permit/rules"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher found = key.matcher(Files.readString(source));
                while (found.find()) {
                    used.add(found.group(1));
                }
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(Explanations.keys("zh")).containsAll(used);
    }

    @Test
    void a_part_in_brackets_is_left_out_when_a_fact_it_names_is_absent() {
        assertThat(Explanations.fill("连续居住 {months} 个月[（自 {since} 起）]", Map.of("months", 7)))
                .isEqualTo("连续居住 7 个月");
        assertThat(Explanations.fill("连续居住 {months} 个月[（自 {since} 起）]", Map.of("months", 7, "since", "2024-01-10")))
                .isEqualTo("连续居住 7 个月（自 2024-01-10 起）");
        assertThatThrownBy(() -> Explanations.fill("需 {required} 个月", Map.of()))
                .hasMessageContaining("required");
    }

    @Test
    void a_condition_renders_as_met_or_not_with_its_local_choice() {
        Explanation explanation = Explanations.render(List.of(Reason.condition("condition.residence", false,
                new Citation("德政办发〔2016〕142号", "十二"), "东莞公共租赁住房：5年工作", "months", 34, "since",
                "2024-01-10", "required", 60)));
        assertThat(explanation.zh()).containsExactly(
                "✗ 连续居住 34 个月（自 2024-01-10 起），需 60 个月（地方选择，参照：东莞公共租赁住房：5年工作）");
        assertThat(explanation.en()).containsExactly("not met: 34 months of continuous residence (since 2024-01-10) "
                + "of 60 required (a local choice, following: 东莞公共租赁住房：5年工作)");
    }
}
