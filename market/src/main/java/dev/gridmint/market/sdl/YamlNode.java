package dev.gridmint.market.sdl;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A YAML document as plain data: every scalar stays text, and the SDL reader decides what it means. */
sealed interface YamlNode {

    /** Where the node is, for messages: {@code services.web.expose[0]}. */
    String path();

    /** "mapping", "list" or "value", as messages name them. */
    String kind();

    /** @param plain unquoted, so {@code null}, {@code ~} and the empty string mean no value */
    record Scalar(String path, String text, boolean plain) implements YamlNode {

        private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

        boolean isNull() {
            return plain && NULLS.contains(text);
        }

        @Override
        public String kind() {
            return "value";
        }
    }

    /** Keys in file order; duplicates were refused while reading. */
    record Mapping(String path, Map<String, YamlNode> entries) implements YamlNode {
        @Override
        public String kind() {
            return "mapping";
        }
    }

    record Sequence(String path, List<YamlNode> items) implements YamlNode {
        @Override
        public String kind() {
            return "list";
        }
    }
}
