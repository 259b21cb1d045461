package dev.gridmint.node.logs;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Replaces every occurrence of a job's secret values in a log line. Longer secrets go first, so a
 * secret that contains another is hidden whole; empty and one-character values are not secrets
 * (hiding them would hide everything) and are refused when registered.
 */
public final class Redactor {

    public static final String MASK = "[secret]";
    public static final Redactor NONE = new Redactor(Set.of());

    private final List<String> secrets;

    public Redactor(Set<String> secrets) {
        for (String secret : secrets) {
            if (secret.length() < 2) {
                throw new IllegalArgumentException("a secret to redact has at least 2 characters");
            }
        }
        this.secrets = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public String redact(String line) {
        String out = line;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
