package dev.gridmint.workloads.names;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The characters a model reads and writes. Token 0 is always the boundary token {@code '.'}, which marks
 * both "before the start" (context padding) and "end of name"; tokens 1… are the characters that occur in
 * the training data, sorted by {@code char} value. For the bundled names that is {@code '-'} followed by
 * {@code 'a'…'z'}: 28 tokens.
 */
public final class Vocabulary {

    /** The boundary token's character. It can never occur inside a name. */
    public static final char BOUNDARY = '.';

    private final char[] tokens;
    private final int[] indexByChar = new int[0x80]; // every allowed character is ASCII

    private Vocabulary(char[] tokens) {
        if (tokens.length < 2 || tokens[0] != BOUNDARY) {
            throw new IllegalArgumentException("a vocabulary is '.' followed by at least one character");
        }
        Arrays.fill(indexByChar, -1);
        indexByChar[BOUNDARY] = 0;
        for (int i = 1; i < tokens.length; i++) {
            char c = tokens[i];
            if (c == BOUNDARY || !isAllowed(c)) {
                throw new IllegalArgumentException("character U+%04X is not allowed in a vocabulary".formatted((int) c));
            }
            if (i > 1 && c <= tokens[i - 1]) {
                throw new IllegalArgumentException("vocabulary characters after '.' must be sorted and distinct");
            }
            indexByChar[c] = i;
        }
        this.tokens = tokens;
    }

    /** The vocabulary of the characters occurring in {@code names}, plus the boundary token. */
    public static Vocabulary fromNames(Collection<String> names) {
        TreeSet<Character> chars = new TreeSet<>();
        for (String name : names) {
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == BOUNDARY) {
                    throw new IllegalArgumentException("name '" + name + "' contains the boundary token '.'");
                }
                if (!isAllowed(c)) {
                    throw new IllegalArgumentException(
                            "name '%s' contains the disallowed character U+%04X".formatted(name, (int) c));
                }
                chars.add(c);
            }
        }
        char[] tokens = new char[chars.size() + 1];
        tokens[0] = BOUNDARY;
        int i = 1;
        for (char c : chars) {
            tokens[i++] = c;
        }
        return new Vocabulary(tokens);
    }

    /** A vocabulary from its token characters, as stored in a model file ({@code tokens[0]} must be '.'). */
    public static Vocabulary of(char... tokens) {
        return new Vocabulary(tokens.clone());
    }

    public int size() {
        return tokens.length;
    }

    /** The token id of {@code c}. */
    public int encode(char c) {
        int id = c < indexByChar.length ? indexByChar[c] : -1;
        if (id < 0) {
            throw new IllegalArgumentException("character '%c' (U+%04X) is not in the vocabulary".formatted(c, (int) c));
        }
        return id;
    }

    public boolean contains(char c) {
        return c < indexByChar.length && indexByChar[c] >= 0;
    }

    /** The character of token {@code id}. */
    public char decode(int id) {
        return tokens[Objects.checkIndex(id, tokens.length)];
    }

    /** All token characters, boundary first. */
    public char[] tokens() {
        return tokens.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && Arrays.equals(tokens, v.tokens);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens);
    }

    @Override
    public String toString() {
        return "Vocabulary[" + new String(tokens) + "]";
    }

    /** Printable ASCII other than space: anything else is rejected rather than silently learned. */
    private static boolean isAllowed(char c) {
        return c > ' ' && c < 0x7f;
    }
}
