package dev.gridmint.market.matching;

/** The result of a change to the book that is not a match: done, or refused with nothing changed. */
public sealed interface Outcome {

    record Done() implements Outcome {}

    record Refused(Refusal refusal) implements Outcome {}

    Outcome DONE = new Done();

    static Outcome refused(Refusal.Code code, String message) {
        return new Refused(Refusal.of(code, message));
    }
}
