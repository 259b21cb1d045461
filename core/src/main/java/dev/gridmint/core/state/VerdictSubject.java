package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import java.util.Comparator;

/** What verdicts are aggregated over: one provider, one kind of check; ordered by provider, then kind. */
public record VerdictSubject(Address provider, VerdictKind kind) implements Comparable<VerdictSubject> {

    private static final Comparator<VerdictSubject> ORDER =
            Comparator.comparing(VerdictSubject::provider).thenComparing(VerdictSubject::kind);

    @Override
    public int compareTo(VerdictSubject other) {
        return ORDER.compare(this, other);
    }
}
