package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import java.util.Comparator;

/**
 * One checker's verdict slot in the open round: at most one per checker, provider and kind. The round
 * is not part of the key because the table only ever holds the open epoch's verdicts. Ordered by
 * subject, then checker, so a subject's verdicts are adjacent when the epoch closes.
 */
public record VerdictKey(VerdictSubject subject, Address checker) implements Comparable<VerdictKey> {

    private static final Comparator<VerdictKey> ORDER =
            Comparator.comparing(VerdictKey::subject).thenComparing(VerdictKey::checker);

    @Override
    public int compareTo(VerdictKey other) {
        return ORDER.compare(this, other);
    }
}
