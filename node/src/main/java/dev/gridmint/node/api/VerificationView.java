package dev.gridmint.node.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.StakeMedian;
import dev.gridmint.core.params.VerificationParams;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Verdict;
import dev.gridmint.core.state.VerdictKey;
import dev.gridmint.core.state.VerdictSubject;
import dev.gridmint.verify.sybil.Signal;
import dev.gridmint.verify.sybil.SybilFlag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * {@code GET /v1/verification}, the verification layer as the ledger holds it (the web console's
 * Verification page renders it): the open round's verdicts, what the last closed epoch's came to,
 * and the checkers. The ledger keeps verdicts only for the open round, so a checker's {@code
 * verdicts} and {@code outvoted} count that round: {@code outvoted} is how many of its verdicts lie
 * further than the outvote tolerance from the consensus the round would reach if it closed now.
 */
public record VerificationView(long epoch, @JsonProperty("epoch_seed") String epochSeed, List<VerdictEntry> verdicts,
        List<OutcomeEntry> outcomes, List<CheckerEntry> checkers, List<SybilEntry> sybils,
        @JsonProperty("spot_checks") List<SpotCheckEntry> spotChecks) {

    /** How many inference spot checks the view lists, newest last; the full evidence is at /v1/verification/evidence. */
    public static final int SPOT_CHECKS_SHOWN = 50;

    /** One gateway spot check: of a whole or a streamed answer, who answered, who re-ran it, who refereed, and how it ended. */
    public record SpotCheckEntry(long seq, long at, String model, boolean streamed, String outcome, String original, String rerun,
            String referee, String evidence) {}

    public record VerdictEntry(long round, String checker, String provider, String kind, int score, String evidence) {}

    public record OutcomeEntry(long epoch, String provider, String kind, int consensus, long slashed) {}

    public record CheckerEntry(String operator, long delegated, int verdicts, int outvoted) {}

    /** Provider keys that look like one operator, and each piece of evidence as a kind and its detail. */
    public record SybilEntry(List<String> identities, List<EvidenceEntry> evidence) {}

    public record EvidenceEntry(String kind, String detail) {}

    /** {@code spotChecks}: the gateway's latest inference spot checks, oldest first (at most {@link #SPOT_CHECKS_SHOWN}). */
    public static VerificationView of(LedgerState state, List<SybilFlag> sybilFlags, List<SpotCheckView> spotChecks) {
        long open = state.clock().epoch();
        List<VerdictEntry> verdicts = new ArrayList<>();
        state.verdicts().forEach((key, verdict) -> verdicts.add(new VerdictEntry(open, key.checker().toString(),
                key.subject().provider().toString(), key.subject().kind().name(), verdict.score(), verdict.evidence().hex())));
        List<OutcomeEntry> outcomes = new ArrayList<>();
        long closed = Math.max(0, open - 1);
        state.verdictOutcomes().forEach((subject, outcome) -> outcomes.add(new OutcomeEntry(closed, subject.provider().toString(),
                subject.kind().name(), outcome.consensus(), outcome.slashed())));
        return new VerificationView(open, state.epochSeed().hex(), verdicts, outcomes, checkers(state),
                sybilFlags.stream().map(VerificationView::sybil).toList(),
                spotChecks.stream().map(VerificationView::spotCheck).toList());
    }

    private static SpotCheckEntry spotCheck(SpotCheckView check) {
        return new SpotCheckEntry(check.seq(), check.at(), check.model(), check.streamed(), check.outcome(), check.original().provider(),
                check.rerun().provider(), check.referee() == null ? null : check.referee().provider(), check.evidence());
    }

    private static SybilEntry sybil(SybilFlag flag) {
        return new SybilEntry(flag.identities().stream().map(Address::toString).toList(),
                flag.evidence().stream().map(VerificationView::evidence).toList());
    }

    private static EvidenceEntry evidence(Signal signal) {
        return switch (signal) {
            case Signal.SharedGpuUuid uuid -> new EvidenceEntry("gpu_uuid", uuid.uuid());
            case Signal.SharedFingerprint fingerprint -> new EvidenceEntry("fingerprint", fingerprint.fingerprint());
            case Signal.SameOrigin origin -> new EvidenceEntry("same_ip", origin.ip());
            case Signal.SameSubnet subnet -> new EvidenceEntry("same_subnet", subnet.subnet());
            case Signal.CorrelatedTiming timing -> new EvidenceEntry("correlated_timing",
                    String.format(java.util.Locale.ROOT, "r=%.3f over %d challenges", timing.r(), timing.samples()));
        };
    }

    private static List<CheckerEntry> checkers(LedgerState state) {
        VerificationParams rules = state.network().orElseThrow().params().verification();
        Map<VerdictSubject, OptionalInt> provisional = provisionalConsensus(state, rules);
        Map<Address, int[]> counts = new HashMap<>();
        state.verdicts().forEach((key, verdict) -> {
            int[] count = counts.computeIfAbsent(key.checker(), c -> new int[2]);
            count[0]++;
            OptionalInt consensus = provisional.get(key.subject());
            if (consensus.isPresent() && Math.abs(verdict.score() - consensus.getAsInt()) > rules.outvoteTolerance()) {
                count[1]++;
            }
        });
        return state.checkers().values().stream().map(checker -> {
            int[] count = counts.getOrDefault(checker.operator(), new int[2]);
            return new CheckerEntry(checker.operator().toString(), checker.delegated(), count[0], count[1]);
        }).toList();
    }

    /** Each subject's stake-weighted consensus over the open round, with stakes as they stand: what a close now would find. */
    private static Map<VerdictSubject, OptionalInt> provisionalConsensus(LedgerState state, VerificationParams rules) {
        Map<VerdictSubject, List<StakeMedian.Vote>> votes = new TreeMap<>();
        state.verdicts().forEach((VerdictKey key, Verdict verdict) -> votes.computeIfAbsent(key.subject(), s -> new ArrayList<>())
                .add(new StakeMedian.Vote(state.checker(key.checker()).map(c -> c.delegated()).orElse(0L), verdict.score())));
        Map<VerdictSubject, OptionalInt> consensus = new HashMap<>();
        votes.forEach((subject, subjectVotes) -> consensus.put(subject, StakeMedian.consensus(subjectVotes, rules.kappaBps())));
        return consensus;
    }
}
