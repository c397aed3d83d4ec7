package ledger.permit.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Renders reasons as the sentences a clerk reads, in Chinese and in English, from the message templates in
 * {@code explanations/zh.properties} and {@code en.properties}. A template names the facts it shows as
 * {@code {name}}; a part in square brackets is left out when a fact it names is absent.
 */
public final class Explanations {

    private static final Map<String, Template> ZH = load("zh");
    private static final Map<String, Template> EN = load("en");

    private Explanations() {
    }

    public static Explanation render(List<Reason> reasons) {
        List<String> zh = new ArrayList<>(reasons.size());
        List<String> en = new ArrayList<>(reasons.size());
        for (Reason reason : reasons) {
            zh.add(render(ZH, reason));
            en.add(render(EN, reason));
        }
        return new Explanation(zh, en);
    }

    /** Every template key, in both languages: the same set (a test holds it). */
    static java.util.Set<String> keys(String language) {
        return (language.equals("zh") ? ZH : EN).keySet();
    }

    private static String render(Map<String, Template> templates, Reason reason) {
        Template template = templates.get(reason.key());
        if (template == null) {
            throw new IllegalStateException("no message template " + reason.key());
        }
        StringBuilder sentence = new StringBuilder(96);
        if (reason.met() != null) {
            templates.get(reason.met() ? "condition.met" : "condition.unmet").appendTo(sentence, reason.facts());
        }
        template.appendTo(sentence, reason.facts());
        if (reason.facts().containsKey("localChoice")) {
            templates.get("condition.localChoice").appendTo(sentence, reason.facts());
        }
        return sentence.toString();
    }

    /** The template filled: {@code {name}} replaced, a {@code [...]} part kept only if all it names is there. */
    static String fill(String template, Map<String, Object> facts) {
        StringBuilder out = new StringBuilder();
        Template.parse(template).appendTo(out, facts);
        return out.toString();
    }

    /**
     * A template read once into its parts: text as it is, a fact by name, and optional parts, each left out when a
     * fact it names is absent.
     */
    private record Template(String text, List<Object> parts, List<String> names) {

        /** A fact to fill in. */
        private record Fact(String name) {
        }

        static Template parse(String template) {
            List<Object> parts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            int i = 0;
            while (i < template.length()) {
                char c = template.charAt(i);
                if (c == '[') {
                    int end = template.indexOf(']', i);
                    if (end < 0) {
                        throw new IllegalStateException("unclosed [ in template " + template);
                    }
                    flush(literal, parts);
                    parts.add(parse(template.substring(i + 1, end)));
                    i = end + 1;
                } else if (c == '{') {
                    int end = template.indexOf('}', i);
                    if (end < 0) {
                        throw new IllegalStateException("unclosed { in template " + template);
                    }
                    flush(literal, parts);
                    String name = template.substring(i + 1, end);
                    parts.add(new Fact(name));
                    names.add(name);
                    i = end + 1;
                } else {
                    literal.append(c);
                    i++;
                }
            }
            flush(literal, parts);
            return new Template(template, List.copyOf(parts), List.copyOf(names));
        }

        private static void flush(StringBuilder literal, List<Object> parts) {
            if (!literal.isEmpty()) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
        }

        void appendTo(StringBuilder out, Map<String, Object> facts) {
            for (Object part : parts) {
                switch (part) {
                    case String literal -> out.append(literal);
                    case Fact fact -> {
                        Object value = facts.get(fact.name());
                        if (value == null) {
                            throw new IllegalStateException("template " + text + " needs " + fact.name());
                        }
                        out.append(value);
                    }
                    case Template optional -> {
                        if (optional.names().stream().allMatch(name -> facts.get(name) != null)) {
                            optional.appendTo(out, facts);
                        }
                    }
                    default -> throw new IllegalStateException("not a part of a template: " + part);
                }
            }
        }
    }

    private static Map<String, Template> load(String language) {
        Properties templates = new Properties();
        try (InputStream in = Explanations.class.getResourceAsStream("/explanations/" + language + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("message templates explanations/" + language + " are missing");
            }
            templates.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Template> parsed = new java.util.HashMap<>();
        templates.stringPropertyNames().forEach(key -> parsed.put(key, Template.parse(templates.getProperty(key))));
        return Map.copyOf(parsed);
    }
}
