package dev.gridmint.node.checker;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.node.api.SpotCheckView;
import dev.gridmint.verify.spotcheck.InferenceCheck;
import dev.gridmint.verify.spotcheck.InferenceCheck.Evidence;
import dev.gridmint.verify.spotcheck.InferenceCheck.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pure part of turning the gateway's inference spot checks into verdicts. The checker does not
 * take the coordinator's word for an outcome: it re-derives it from the outputs the evidence lists
 * (each output's hash, the comparison, the referee's vote) and recomputes the evidence hash it will
 * sign. Only then does it score: 0 for the provider the referee round found at fault
 * ({@code ALTERED_OUTPUT}), 1000 for each provider whose output the check confirmed.
 */
public final class InferenceAudit {

    private InferenceAudit() {}

    /** One verdict to submit: on whom, the score, and why. */
    public record Score(Address provider, int score, String reason) {}

    public sealed interface Finding {
        /** The evidence holds: these scores, with this evidence hash (faults first). */
        record Scores(List<Score> scores, Hash evidence) implements Finding {}

        /** The evidence does not hold together: nothing is signed. */
        record Inconsistent(String reason) implements Finding {}
    }

    public static Finding judge(SpotCheckView view) {
        Evidence evidence;
        List<Optional<Output>> outputs;
        try {
            evidence = view.toEvidence();
            outputs = view.outputs();
        } catch (IllegalArgumentException | NullPointerException malformed) {
            return new Finding.Inconsistent("malformed evidence: " + malformed.getMessage());
        }
        if (outputs.get(0).isEmpty() || outputs.get(1).isEmpty()) {
            return new Finding.Inconsistent("the evidence lacks an output");
        }
        Optional<String> wrong = InferenceCheck.inconsistency(evidence, outputs.get(0).get(), outputs.get(1).get(), outputs.get(2));
        if (wrong.isPresent()) {
            return new Finding.Inconsistent(wrong.get());
        }
        if (!evidence.hash().hex().equals(view.evidence())) {
            return new Finding.Inconsistent("the evidence hash is not the hash of the evidence");
        }
        List<Score> scores = new ArrayList<>();
        evidence.atFault().ifPresent(p -> scores.add(new Score(p, 0, "ALTERED_OUTPUT")));
        evidence.vindicated().stream().distinct().forEach(p -> scores.add(new Score(p, Reputation.MAX, "OUTPUT_REPRODUCED")));
        return new Finding.Scores(scores, evidence.hash());
    }
}
