package dev.gridmint.node.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.spotcheck.InferenceCheck;
import dev.gridmint.verify.spotcheck.InferenceCheck.Evidence;
import dev.gridmint.verify.spotcheck.InferenceCheck.Output;
import dev.gridmint.verify.spotcheck.InferenceCheck.Party;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One inference spot check as {@code GET /v1/verification/evidence} lists it: the evidence (request
 * hash, model, each party's provider and output hash, the outcome and the evidence hash a verdict
 * cites) and the outputs themselves, so a checker can re-derive the outcome before it signs a verdict.
 *
 * @param seq the gateway's running number for this check, so a reader can tell which ones it has seen
 * @param streamed whether the client's answer was streamed: its texts were put together from the events relayed
 */
public record SpotCheckView(long seq, long at, String path, boolean streamed, String request, String model, @JsonProperty("model_hash") String modelHash,
        String outcome, String evidence, PartyView original, PartyView rerun, PartyView referee) {

    /** A party's provider, output hash, and output: {@code texts} for generation, {@code vectors} for embeddings. */
    public record PartyView(String provider, String output, List<String> texts, List<float[]> vectors) {}

    /** The view of a check the gateway made; {@code at} is in epoch seconds. */
    public static SpotCheckView of(long seq, long at, String path, boolean streamed, Evidence evidence, Output original, Output rerun,
            Optional<Output> referee) {
        return new SpotCheckView(seq, at, path, streamed, evidence.request().hex(), evidence.model(), evidence.modelHash().hex(),
                evidence.outcome().name(), evidence.hash().hex(), party(evidence.original(), original),
                party(evidence.rerun(), rerun), evidence.referee().map(p -> party(p, referee.orElseThrow())).orElse(null));
    }

    private static PartyView party(Party party, Output output) {
        return switch (output) {
            case Output.Texts t -> new PartyView(party.provider().toString(), party.output().hex(), t.texts(), null);
            case Output.Vectors v -> new PartyView(party.provider().toString(), party.output().hex(), null, v.vectors());
        };
    }

    /** The evidence this view states; throws {@link IllegalArgumentException} for a malformed field. */
    public Evidence toEvidence() {
        return new Evidence(Hash.parse(request), model, Hash.parse(modelHash), toParty(original), toParty(rerun),
                Optional.ofNullable(referee).map(SpotCheckView::toParty), InferenceCheck.Outcome.valueOf(outcome));
    }

    /** The outputs: the original's, the re-run's, and the referee's if there was one. */
    public List<Optional<Output>> outputs() {
        List<Optional<Output>> outputs = new ArrayList<>();
        for (PartyView party : java.util.Arrays.asList(original, rerun, referee)) {
            outputs.add(Optional.ofNullable(party).map(SpotCheckView::output));
        }
        return outputs;
    }

    private static Party toParty(PartyView view) {
        return new Party(Address.parse(view.provider()), Hash.parse(view.output()));
    }

    private static Output output(PartyView view) {
        if ((view.texts() == null) == (view.vectors() == null)) {
            throw new IllegalArgumentException("a party has texts or vectors, not both or neither");
        }
        return view.texts() != null ? new Output.Texts(view.texts()) : new Output.Vectors(view.vectors());
    }
}
