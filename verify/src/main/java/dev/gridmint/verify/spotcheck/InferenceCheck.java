package dev.gridmint.verify.spotcheck;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.FloatBytes;
import dev.gridmint.verify.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Output spot checks of inference: which answered requests are re-run, how two answers are compared,
 * how a referee settles a mismatch, and the evidence a checker turns into a verdict. Pure: the draw is
 * a function of a seed the gateway keeps and the request's id, never of a global random source.
 *
 * <p>Seeded generation gives the same tokens on every provider, so texts compare exactly; embeddings are
 * floats from ONNX Runtime, whose low bits may differ across CPUs, so they compare within {@link
 * #EMBEDDING_TOLERANCE}. A mismatch goes to a third provider, and {@link RefereeRound} with N = 1 decides
 * over three votes: each side's own answer and the referee's.
 */
public final class InferenceCheck {

    /** Far above the float noise of two CPUs (about 1e-7), far below what an altered vector moves. */
    public static final OutputComparison EMBEDDING_TOLERANCE = new OutputComparison.Tolerance(1e-4, 1e-3);
    private static final OutputComparison EXACT = new OutputComparison.Exact();
    private static final String DRAW = "gridmint/inference/spot-check/draw/v1";
    private static final String EVIDENCE = "gridmint/inference/spot-check/evidence/v1";

    private InferenceCheck() {}

    /** One provider's answer to a request, reduced to what is compared. */
    public sealed interface Output {
        Hash hash();

        /** The generated texts, one per choice, in order. */
        record Texts(List<String> texts) implements Output {
            public Texts {
                texts = List.copyOf(texts);
            }

            @Override
            public Hash hash() {
                List<byte[]> parts = new ArrayList<>();
                texts.forEach(text -> parts.add(text.getBytes(StandardCharsets.UTF_8)));
                return Seeds.derive("gridmint/inference/texts/v1", parts.toArray(byte[][]::new));
            }
        }

        /** The embedding vectors, one per input, in order. */
        record Vectors(List<float[]> vectors) implements Output {
            public Vectors {
                vectors = vectors.stream().map(float[]::clone).toList();
            }

            @Override
            public Hash hash() {
                return Seeds.derive("gridmint/inference/vectors/v1", vectors.stream().map(FloatBytes::of).toArray(byte[][]::new));
            }

            /** All vectors end to end, with each length first, so a different split never compares equal. */
            float[] flat() {
                int size = vectors.stream().mapToInt(v -> v.length + 1).sum();
                float[] flat = new float[size];
                int at = 0;
                for (float[] vector : vectors) {
                    flat[at++] = vector.length;
                    System.arraycopy(vector, 0, flat, at, vector.length);
                    at += vector.length;
                }
                return flat;
            }
        }
    }

    /** How a spot check ended. */
    public enum Outcome {
        /** The re-run agreed with the answer. */
        MATCH,
        /** They disagreed and the referee sided with the re-run: the answering provider's output was wrong. */
        ORIGINAL_AT_FAULT,
        /** They disagreed and the referee sided with the answer: the re-running provider's output was wrong. */
        RERUN_AT_FAULT,
        /** They disagreed and the referee agreed with neither, or no third provider was there to ask. */
        INCONCLUSIVE
    }

    /** One side of a check: who answered and the hash of what it answered. */
    public record Party(Address provider, Hash output) {}

    /**
     * What a spot check found, bound by {@link #hash()}: the request, the model (the hash of the serving
     * jobs' model arguments, which fix the weights), and each party's output hash.
     */
    public record Evidence(Hash request, String model, Hash modelHash, Party original, Party rerun, Optional<Party> referee,
            Outcome outcome) {

        public Hash hash() {
            Party none = new Party(new Address(new byte[Address.LENGTH]), new Hash(new byte[Hash.LENGTH]));
            Party third = referee.orElse(none);
            return Seeds.derive(EVIDENCE, request.bytes(), model.getBytes(StandardCharsets.UTF_8), modelHash.bytes(),
                    original.provider().publicKey(), original.output().bytes(), rerun.provider().publicKey(), rerun.output().bytes(),
                    third.provider().publicKey(), third.output().bytes(), outcome.name().getBytes(StandardCharsets.UTF_8));
        }

        /** The provider the outcome says was wrong, if any. */
        public Optional<Address> atFault() {
            return switch (outcome) {
                case ORIGINAL_AT_FAULT -> Optional.of(original.provider());
                case RERUN_AT_FAULT -> Optional.of(rerun.provider());
                case MATCH, INCONCLUSIVE -> Optional.empty();
            };
        }

        /** The providers whose output the outcome confirms. */
        public List<Address> vindicated() {
            return switch (outcome) {
                case MATCH -> List.of(original.provider(), rerun.provider());
                case ORIGINAL_AT_FAULT -> List.of(rerun.provider(), referee.orElseThrow().provider());
                case RERUN_AT_FAULT -> List.of(original.provider(), referee.orElseThrow().provider());
                case INCONCLUSIVE -> List.of();
            };
        }
    }

    /** Whether the request with this id is re-run, at {@code fraction} in [0, 1]. */
    public static boolean drawn(Hash seed, Hash requestId, double fraction) {
        return Seeds.uniform(Seeds.derive(DRAW, seed.bytes(), requestId.bytes())) < fraction;
    }

    /** A number from the seed and the request, to pick the re-running provider among those that qualify. */
    public static int pick(Hash seed, Hash requestId, String what, int choices) {
        return (int) Math.floorMod(Seeds.random(DRAW + "/" + what, seed.bytes(), requestId.bytes()).nextLong(), (long) choices);
    }

    /** Whether two answers agree: texts exactly, vectors within {@link #EMBEDDING_TOLERANCE}. */
    public static boolean agree(Output a, Output b) {
        return comparison(a).compare(vector(a), vector(b)).agrees();
    }

    /**
     * Settles a mismatch between the answer and the re-run with the referee's output: three votes (each
     * side's own output and the referee's), of which two name the side at fault.
     */
    public static Outcome referee(Party original, Output originalOutput, Party rerun, Output rerunOutput, Party referee,
            Output refereeOutput) {
        var dispute = new RefereeRound.Dispute(original.provider(), vector(originalOutput), rerun.provider(), vector(rerunOutput));
        var decision = new RefereeRound(1, comparison(originalOutput)).decide(dispute, List.of(
                new RefereeRound.RefereeRun(original.provider(), vector(originalOutput)),
                new RefereeRound.RefereeRun(rerun.provider(), vector(rerunOutput)),
                new RefereeRound.RefereeRun(referee.provider(), vector(refereeOutput))));
        return switch (decision) {
            case RefereeRound.Decision.OriginalAtFault fault -> Outcome.ORIGINAL_AT_FAULT;
            case RefereeRound.Decision.RerunAtFault fault -> Outcome.RERUN_AT_FAULT;
            case RefereeRound.Decision.Inconclusive inconclusive -> Outcome.INCONCLUSIVE;
        };
    }

    /**
     * Re-derives a recorded check from the outputs it names: the hashes must be the outputs', and the
     * outcome must be what comparing them gives. Empty when consistent, else why not.
     */
    public static Optional<String> inconsistency(Evidence evidence, Output original, Output rerun, Optional<Output> referee) {
        if (!evidence.original().output().equals(original.hash()) || !evidence.rerun().output().equals(rerun.hash())
                || evidence.referee().isPresent() != referee.isPresent()
                || referee.isPresent() && !evidence.referee().get().output().equals(referee.get().hash())) {
            return Optional.of("an output hash does not match its output");
        }
        Outcome expected;
        if (agree(original, rerun)) {
            expected = referee.isEmpty() ? Outcome.MATCH : null;
        } else {
            expected = referee.map(r -> referee(evidence.original(), original, evidence.rerun(), rerun, evidence.referee().get(), r))
                    .orElse(Outcome.INCONCLUSIVE);
        }
        return expected == evidence.outcome() ? Optional.empty()
                : Optional.of("the outputs give " + expected + ", the evidence says " + evidence.outcome());
    }

    private static OutputComparison comparison(Output output) {
        return switch (output) {
            case Output.Texts t -> EXACT;
            case Output.Vectors v -> EMBEDDING_TOLERANCE;
        };
    }

    /** Texts compare by their hash (one float per byte: exact); vectors by their values. */
    private static float[] vector(Output output) {
        return switch (output) {
            case Output.Texts t -> bytesAsFloats(t.hash().bytes());
            case Output.Vectors v -> v.flat();
        };
    }

    private static float[] bytesAsFloats(byte[] bytes) {
        float[] values = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xff;
        }
        return values;
    }
}
