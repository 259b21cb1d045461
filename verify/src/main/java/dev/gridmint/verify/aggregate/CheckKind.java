package dev.gridmint.verify.aggregate;

/**
 * What was checked. A failed challenge or spot check is evidence of fraud (a false claim or a
 * falsified result); a failed liveness or capacity check is evidence only of an outage.
 */
public enum CheckKind {
    CHALLENGE, SPOT_CHECK, LIVENESS, CAPACITY;

    public boolean isFraudEvidence() {
        return this == CHALLENGE || this == SPOT_CHECK;
    }
}
