package dev.gridmint.workloads.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A strict reader for the flat JSON objects the round service answers with: string, integer and decimal
 * values only, no nesting, no escapes beyond {@code \"} and {@code \\}. Anything else is refused, so a
 * malformed or hostile answer stops the worker instead of steering it.
 */
final class FlatJson {

    static final int MAX_CHARS = 64 * 1024;

    private final Map<String, String> fields;

    private FlatJson(Map<String, String> fields) {
        this.fields = fields;
    }

    static FlatJson parse(String json) {
        if (json.length() > MAX_CHARS) {
            throw new IllegalArgumentException("answer of " + json.length() + " characters");
        }
        Cursor in = new Cursor(json.strip());
        Map<String, String> fields = new LinkedHashMap<>();
        in.expect('{');
        if (!in.peekIs('}')) {
            do {
                String key = in.string();
                in.expect(':');
                String value = in.peekIs('"') ? in.string() : in.number();
                if (fields.put(key, value) != null) {
                    throw new IllegalArgumentException("key '" + key + "' twice");
                }
            } while (in.skipIf(','));
        }
        in.expect('}');
        if (!in.atEnd()) {
            throw new IllegalArgumentException("characters after the object");
        }
        return new FlatJson(fields);
    }

    Optional<String> optional(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    String text(String key) {
        return optional(key).orElseThrow(() -> new IllegalArgumentException("answer lacks '" + key + "'"));
    }

    long integer(String key) {
        try {
            return Long.parseLong(text(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is not an integer");
        }
    }

    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i == s.length();
        }

        boolean peekIs(char c) {
            skipSpace();
            return i < s.length() && s.charAt(i) == c;
        }

        boolean skipIf(char c) {
            if (peekIs(c)) {
                i++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!skipIf(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (i < s.length() && s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    if (i == s.length() || (s.charAt(i) != '"' && s.charAt(i) != '\\')) {
                        throw new IllegalArgumentException("unsupported escape at " + i);
                    }
                    c = s.charAt(i++);
                }
                out.append(c);
            }
            expect('"');
            return out.toString();
        }

        String number() {
            skipSpace();
            int start = i;
            while (i < s.length() && "+-.eE0123456789".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("expected a string or a number at " + i);
            }
            return s.substring(start, i);
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
