package dev.gridmint.node.checker;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.core.tx.TxPayload.Delegate;
import dev.gridmint.core.tx.TxPayload.RegisterChecker;
import dev.gridmint.core.tx.TxPayload.SubmitVerdict;
import dev.gridmint.core.state.GpuCatalog;
import dev.gridmint.core.state.GpuModel;
import dev.gridmint.node.agent.WorkloadRun;
import dev.gridmint.node.api.SpotCheckView;
import dev.gridmint.node.training.DeltaEvidence;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.node.api.VerificationView;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.ProviderView;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.ChallengeRequest;
import dev.gridmint.node.protocol.Proofs;
import dev.gridmint.verify.audit.AuditSelection;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ChallengeResponse;
import dev.gridmint.verify.challenge.ChallengeVerdict;
import dev.gridmint.verify.challenge.ChallengeVerifier;
import dev.gridmint.verify.challenge.ReplayGuard;
import dev.gridmint.verify.spotcheck.AdaptiveReplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checker process, wired in one place. On start it registers as a checker and bonds its stake
 * to itself if that is not done yet; then each interval it audits: reads the open epoch and its
 * seed, picks its targets with {@link AuditSelection} (seeded by its own signature, so no provider
 * can predict who audits it), challenges each target's claimed device model through the
 * coordinator ({@code CHALLENGE} the first time it audits a provider, {@code CAPACITY} after),
 * judges the answer with {@link ChallengeVerifier} on its own clock, and submits a {@code
 * SubmitVerdict}. A target it cannot reach is retried once, then judged on {@code LIVENESS} only if
 * the ledger says it should be there (it holds a lease or offers capacity). After the challenges it
 * spot-checks finished jobs of deterministic workloads (unless {@link CheckerConfig#spotChecks()} is
 * off): it re-executes the drawn ones locally and submits {@code SPOT_CHECK} verdicts (see {@link
 * SpotCheck} and docs/verification.md), and turns the gateway's inference spot checks into verdicts
 * (see {@link InferenceAudit}).
 */
public final class Checker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Checker.class);
    /** Far more than the challenges a checker has outstanding at once (one at a time). */
    private static final int REPLAY_MEMORY = 1_024;

    private final CheckerConfig config;
    private final CoordinatorClient coordinator;
    private final Address self;
    private final ChallengeVerifier verifier;
    private final Consumer<CheckerVerdict> onVerdict;
    private final NetworkRerun network;
    private final SecureRandom seeds = new SecureRandom();
    private final Set<Address> audited = ConcurrentHashMap.newKeySet();
    private final AdaptiveReplication replication = new AdaptiveReplication(AdaptiveReplication.Params.DEFAULT);
    /** Jobs already drawn for a spot check or not, by id: each is looked at once. */
    private final Set<String> examined = ConcurrentHashMap.newKeySet();
    /** Drawn jobs whose provider already had a spot-check verdict in the round: checked next round. */
    private final List<JobView> queued = new ArrayList<>();
    /** The gateway's inference spot checks read so far, by running number. */
    private long evidenceSeen;
    /** Inference spot checks with a fault the ledger could not take this round: judged again next round. */
    private final List<SpotCheckView> pendingEvidence = new ArrayList<>();
    /** Rejected Δs already judged, by evidence hash. */
    private final Set<Hash> judgedDeltas = ConcurrentHashMap.newKeySet();
    private final TrainingEvidenceClient training = new TrainingEvidenceClient();
    private final ScheduledExecutorService schedule =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("checker").daemon().factory());

    private Checker(CheckerConfig config, Consumer<CheckerVerdict> onVerdict) {
        this.config = config;
        this.coordinator = new CoordinatorClient(config.coordinatorUrl());
        this.self = config.key().address();
        this.verifier = new ChallengeVerifier(config.policy(), new ReplayGuard(REPLAY_MEMORY));
        this.onVerdict = onVerdict;
        this.network = new NetworkRerun(coordinator, config.key());
    }

    /** Registers and stakes if needed, without auditing: the caller calls {@link #audit()} itself. */
    public static Checker open(CheckerConfig config, Consumer<CheckerVerdict> onVerdict) {
        var checker = new Checker(config, onVerdict);
        checker.ensureStaked();
        return checker;
    }

    /** Registers and stakes if needed, then audits now and every interval until closed. */
    public static Checker start(CheckerConfig config, Consumer<CheckerVerdict> onVerdict) {
        var checker = open(config, onVerdict);
        checker.schedule.scheduleWithFixedDelay(checker::auditLogged, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
        return checker;
    }

    public Address address() {
        return self;
    }

    private void ensureStaked() {
        var account = coordinator.account(self);
        if (!account.checker()) {
            coordinator.signAndSubmit(config.key(), new RegisterChecker());
            LOG.info("registered {} as a checker", self);
        }
        long missing = config.stake() - coordinator.account(self).delegated();
        if (missing > 0) {
            coordinator.signAndSubmit(config.key(), new Delegate(self, missing));
            LOG.info("bonded {} micro-GRID to checker {}", missing, self);
        }
    }

    private void auditLogged() {
        try {
            audit();
        } catch (RuntimeException e) {
            LOG.warn("audit round failed: {}", e.getMessage());
        }
    }

    /** One audit round over the open epoch; returns the verdicts it submitted. */
    public List<CheckerVerdict> audit() {
        VerificationView view = coordinator.verification();
        long round = view.epoch();
        Set<String> judged = view.verdicts().stream()
                .filter(v -> v.checker().equals(self.toString()))
                .map(v -> v.provider() + "/" + v.kind())
                .collect(Collectors.toSet());
        Map<Address, ProviderView> providers = coordinator.providers().stream()
                .filter(p -> !p.address().equals(self.toString()))
                .collect(Collectors.toMap(p -> Address.parse(p.address()), Function.identity()));
        var selection = AuditSelection.select(config.key(), Hash.parse(view.epochSeed()), round, List.copyOf(providers.keySet()),
                config.targets());
        LOG.info("epoch {}: auditing {} of {} providers", round, selection.targets().size(), providers.size());
        List<CheckerVerdict> verdicts = new ArrayList<>();
        for (Address target : selection.targets()) {
            VerdictKind kind = audited.contains(target) ? VerdictKind.CAPACITY : VerdictKind.CHALLENGE;
            if (judged.contains(target + "/" + kind)) {
                continue;
            }
            judge(round, providers.get(target), kind).map(this::submit).ifPresent(verdicts::add);
        }
        if (config.spotChecks()) {
            Set<Address> spotted = new HashSet<>();
            judged.stream().filter(k -> k.endsWith("/" + VerdictKind.SPOT_CHECK)).forEach(k -> spotted.add(Address.parse(k.split("/")[0])));
            verdicts.addAll(spotCheck(round, SpotCheck.seed(Hash.parse(view.epochSeed()), selection.selectionSeed()), spotted));
            verdicts.addAll(inferenceSpotChecks(round, spotted));
            verdicts.addAll(deltaRejections(round, spotted));
        }
        return verdicts;
    }

    /**
     * The rejected Δs of the DiLoCo sessions the checker watches: each judged once by {@link DeltaAudit}, with
     * the session's current θ when it is the rejected round's (then the round is recomputed), and a proven
     * fault submitted as SPOT_CHECK 0 against the worker's provider. A fault against a provider that already
     * has a SPOT_CHECK verdict this round is judged again next round.
     */
    private List<CheckerVerdict> deltaRejections(long round, Set<Address> spotted) {
        List<CheckerVerdict> verdicts = new ArrayList<>();
        for (String session : config.trainingSessions()) {
            List<DeltaEvidence> rejected;
            Optional<double[]> theta;
            try {
                rejected = training.evidence(session);
                theta = training.theta(session);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot read the rejected Δs of {}: {}", session, e.getMessage());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return verdicts;
            }
            for (DeltaEvidence evidence : rejected) {
                if (!judgedDeltas.add(evidence.hash())) {
                    continue;
                }
                Optional<double[]> roundTheta = theta.filter(t -> ParameterVector.sha256(t).equals(evidence.thetaHash()));
                switch (DeltaAudit.judge(evidence, roundTheta)) {
                    case DeltaAudit.Finding.Fault fault when spotted.add(fault.provider()) -> verdicts.add(submit(new Judgement(round,
                            fault.provider(), VerdictKind.SPOT_CHECK, 0, fault.reason(), fault.evidence())));
                    case DeltaAudit.Finding.Fault fault -> judgedDeltas.remove(evidence.hash());
                    case DeltaAudit.Finding.Vindicated vindicated ->
                            LOG.info("Δ of worker {} in round {}: recomputed, it is the honest one", evidence.worker(), evidence.round());
                    case DeltaAudit.Finding.Unproven unproven -> LOG.info("Δ of worker {} in round {} ({}): {}", evidence.worker(),
                            evidence.round(), evidence.code(), unproven.reason());
                    case DeltaAudit.Finding.Inconsistent bad -> LOG.warn("evidence for the Δ of worker {} in round {} does not hold: {}",
                            evidence.worker(), evidence.round(), bad.reason());
                }
            }
        }
        return verdicts;
    }

    /**
     * The gateway's inference spot checks since the last round: each is re-derived from its outputs
     * ({@link InferenceAudit}) before any verdict cites it, and an inconsistent one is logged, not signed.
     * Faults go first, so a provider caught this round is not first scored 1000 on an earlier request
     * (the ledger takes one SPOT_CHECK verdict per provider and round). A fault against a provider that
     * already has one this round waits for the next round.
     */
    private List<CheckerVerdict> inferenceSpotChecks(long round, Set<Address> spotted) {
        List<SpotCheckView> views = new ArrayList<>(pendingEvidence);
        pendingEvidence.clear();
        try {
            for (SpotCheckView view : coordinator.spotCheckEvidence(config.key(), evidenceSeen)) {
                evidenceSeen = Math.max(evidenceSeen, view.seq());
                views.add(view);
            }
        } catch (CoordinatorException e) {
            LOG.warn("cannot read the gateway's spot checks: {} {}", e.code(), e.getMessage());
        }
        record Scored(SpotCheckView view, InferenceAudit.Score score, Hash evidence) {}
        List<Scored> scored = new ArrayList<>();
        for (SpotCheckView view : views) {
            switch (InferenceAudit.judge(view)) {
                case InferenceAudit.Finding.Inconsistent bad -> LOG.warn("inference spot check {} not judged: {}", view.seq(), bad.reason());
                case InferenceAudit.Finding.Scores found -> found.scores().forEach(score -> scored.add(new Scored(view, score, found.evidence())));
            }
        }
        scored.sort(Comparator.comparingInt(s -> s.score().score()));
        List<CheckerVerdict> verdicts = new ArrayList<>();
        for (Scored s : scored) {
            Address provider = s.score().provider();
            if (provider.equals(self)) {
                continue;
            }
            if (!spotted.add(provider)) {
                if (s.score().score() == 0 && !pendingEvidence.contains(s.view())) {
                    pendingEvidence.add(s.view());
                }
                continue;
            }
            verdicts.add(submit(new Judgement(round, provider, VerdictKind.SPOT_CHECK, s.score().score(), s.score().reason(), s.evidence())));
        }
        return verdicts;
    }

    /**
     * Spot checks of real work: every finished job of a deterministic workload not looked at yet is
     * drawn with {@link AdaptiveReplication} at its provider's rate; a drawn job is re-executed here,
     * in a child JVM, and its model hash compared with the provider's claim. The ledger takes one
     * verdict per provider, kind and round, so a second drawn job of a provider already judged this
     * round waits in {@link #queued} for the next round.
     */
    private List<CheckerVerdict> spotCheck(long round, Hash seed, Set<Address> spotted) {
        List<JobView> drawn = new ArrayList<>(queued);
        queued.clear();
        for (JobView job : coordinator.jobs()) {
            // The checker's own re-runs are its checks, not work to check.
            if (!SpotCheck.eligible(job) || job.lease().provider().equals(self.toString()) || job.tenant().equals(self.toString())
                    || !examined.add(job.id())) {
                continue;
            }
            Address provider = Address.parse(job.lease().provider());
            if (replication.shouldCheck(provider, seed, SpotCheck.draw(Hash.parse(job.id())))) {
                drawn.add(job);
            } else {
                // Nothing speaks against an unchecked job: it extends the streak (see AdaptiveReplication#record).
                replication.record(provider, true);
            }
        }
        List<CheckerVerdict> verdicts = new ArrayList<>();
        for (JobView job : drawn) {
            Address provider = Address.parse(job.lease().provider());
            if (!spotted.add(provider)) {
                queued.add(job);
                continue;
            }
            spotJudge(round, job, provider, seed).map(this::submit).ifPresentOrElse(verdicts::add, () -> spotted.remove(provider));
        }
        return verdicts;
    }

    private Optional<Judgement> spotJudge(long round, JobView job, Address provider, Hash seed) {
        Hash jobId = Hash.parse(job.id());
        Hash claimed = Hash.parse(job.resultHash());
        Optional<Hash> first = firstRerun(job, provider, seed);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        if (SpotCheck.matches(claimed, first.get())) {
            replication.record(provider, true);
            return Optional.of(new Judgement(round, provider, VerdictKind.SPOT_CHECK, Reputation.MAX, "RESULT_REPRODUCED",
                    SpotCheck.evidence(jobId, claimed, first.get())));
        }
        // Before accusing the provider, rule out the checker's own fault: run it once more.
        LOG.warn("job {}: {} claimed {}, the re-run gave {}; refereeing with a second run", jobId.shortHex(), provider,
                claimed.shortHex(), first.get().shortHex());
        Optional<Hash> second = rerun(job);
        if (second.isEmpty()) {
            return Optional.empty();
        }
        return switch (SpotCheck.referee(jobId, provider, self, claimed, first.get(), second.get())) {
            case SpotCheck.Finding.Invalid invalid -> {
                replication.record(provider, false);
                yield Optional.of(new Judgement(round, provider, VerdictKind.SPOT_CHECK, 0, "WRONG_RESULT", invalid.evidence()));
            }
            case SpotCheck.Finding.Unproven unproven -> {
                LOG.warn("job {}: nothing proven against {}: {}", jobId.shortHex(), provider, unproven.reason());
                yield Optional.empty();
            }
            case SpotCheck.Finding.Valid valid -> Optional.empty();
        };
    }

    /** The first re-execution: on another provider where the config says so and one bids, else here. */
    private Optional<Hash> firstRerun(JobView job, Address provider, Hash seed) {
        if (config.rerun() == CheckerConfig.Rerun.NETWORK) {
            try {
                Optional<NetworkRerun.Rerun> elsewhere = network.rerun(job, provider, seed);
                if (elsewhere.isPresent()) {
                    LOG.info("job {} re-run on {} as job {}", job.id().substring(0, 12), elsewhere.get().provider(),
                            elsewhere.get().job().shortHex());
                    return elsewhere.map(NetworkRerun.Rerun::result);
                }
            } catch (CoordinatorException e) {
                LOG.warn("could not re-run job {} on the network ({}); re-running it here", job.id().substring(0, 12), e.getMessage());
            }
        }
        return rerun(job);
    }

    /** Re-executes the job's workload with its exact arguments and time limit, in a temporary directory; its model hash. */
    private Optional<Hash> rerun(JobView job) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("gridmint-spot-check-");
            WorkloadRun.Outcome outcome = WorkloadRun.start(job.workload(), job.args(), dir, job.maxSeconds(), WorkloadRun.Events.NONE).await();
            return Optional.of(Hash.parse(outcome.modelSha256()));
        } catch (WorkloadRun.WorkloadFailed | IOException | RuntimeException e) {
            LOG.warn("could not re-execute job {}: {}", job.id(), e.getMessage());
            return Optional.empty();
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    /** A verdict not yet submitted: the score and its evidence. */
    private record Judgement(long round, Address provider, VerdictKind kind, int score, String reason, Hash evidence) {}

    private Optional<Judgement> judge(long round, ProviderView provider, VerdictKind kind) {
        Address address = Address.parse(provider.address());
        String model = claimedModel(provider);
        Optional<Challenge> issued = issue(address, round, model);
        if (issued.isEmpty()) {
            LOG.warn("no device profile for {}'s claimed model {}: not challenged", address, model);
            return Optional.empty();
        }
        Probe probe = probe(issued.get());
        if (worthRetrying(probe)) {
            // One retry before judging: a flaky network or a late packet is not a fault. A fresh challenge, since ids are relayed once.
            probe = probe(issue(address, round, model).orElseThrow());
        }
        return switch (probe) {
            case Probe.Answered answered -> judgeAnswer(round, kind, answered);
            case Probe.Unanswered unanswered -> {
                audited.add(address);
                yield Optional.of(new Judgement(round, address, kind, 0, unanswered.code(), evidenceOf(unanswered.challenge(), unanswered.code())));
            }
            case Probe.Unreachable unreachable -> expected(provider)
                    ? Optional.of(new Judgement(round, address, VerdictKind.LIVENESS, 0, unreachable.code(),
                            evidenceOf(unreachable.challenge(), unreachable.code())))
                    : Optional.empty();
            case Probe.Refused refused -> {
                LOG.warn("the coordinator refused a challenge to {}: {} {}", address, refused.code(), refused.message());
                yield Optional.empty();
            }
        };
    }

    /** Unreachable, or late by the checker's clock: what a network blip looks like. */
    private static boolean worthRetrying(Probe probe) {
        return switch (probe) {
            case Probe.Unreachable u -> true;
            case Probe.Unanswered unanswered -> "TIMEOUT".equals(unanswered.code());
            case Probe.Answered answered -> answered.observedNanos() > answered.challenge().deadlineNanos();
            case Probe.Refused r -> false;
        };
    }

    private Optional<Judgement> judgeAnswer(long round, VerdictKind kind, Probe.Answered answered) {
        Challenge challenge = answered.challenge();
        ChallengeVerdict verdict = verifier.verify(challenge, answered.response(), answered.observedNanos());
        Hash evidence = Hash.sha256(Proofs.evidenceBytes(answered.response()));
        return switch (verdict) {
            case ChallengeVerdict.Passed passed -> {
                audited.add(challenge.provider());
                yield Optional.of(new Judgement(round, challenge.provider(), kind, Reputation.MAX, describe(verdict), evidence));
            }
            case ChallengeVerdict.WrongProduct w -> fault(round, kind, challenge, verdict, evidence);
            case ChallengeVerdict.MissedDeadline m -> fault(round, kind, challenge, verdict, evidence);
            case ChallengeVerdict.Implausible i -> fault(round, kind, challenge, verdict, evidence);
            case ChallengeVerdict.BadOpening b -> fault(round, kind, challenge, verdict, evidence);
            // Not signed by the provider for this challenge: proof of nothing against it (a relay's fault, or a replay).
            case ChallengeVerdict.ForeignChallenge f -> unproven(challenge, verdict);
            case ChallengeVerdict.Replayed r -> unproven(challenge, verdict);
            case ChallengeVerdict.BadSignature b -> unproven(challenge, verdict);
        };
    }

    /** A signed answer that is wrong: proof against the provider. */
    private Optional<Judgement> fault(long round, VerdictKind kind, Challenge challenge, ChallengeVerdict verdict, Hash evidence) {
        audited.add(challenge.provider());
        return Optional.of(new Judgement(round, challenge.provider(), kind, 0, describe(verdict), evidence));
    }

    private static Optional<Judgement> unproven(Challenge challenge, ChallengeVerdict verdict) {
        LOG.warn("the answer to {} for {} proves nothing: {}", challenge.id().shortHex(), challenge.provider(), verdict);
        return Optional.empty();
    }

    private static String describe(ChallengeVerdict verdict) {
        return verdict.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** What the ledger expects of a provider it would hand work to: there should be an agent to answer. */
    private static boolean expected(ProviderView provider) {
        return provider.runningJob() != null || provider.active();
    }

    private Optional<Challenge> issue(Address provider, long round, String model) {
        byte[] seed = new byte[Hash.LENGTH];
        seeds.nextBytes(seed);
        return config.policy().issue(self, provider, new Hash(seed), round, model);
    }

    /** The model the provider's offer claims, as the market and the device table name it. */
    static String claimedModel(ProviderView provider) {
        return "cpu".equals(provider.deviceClass()) ? GpuModel.CPU.name()
                : GpuCatalog.normalize(provider.deviceModel(), provider.deviceMemoryMb()).name();
    }

    /** What came of sending one challenge. */
    private sealed interface Probe {
        Challenge challenge();

        /** A signed answer, and the time from sending to receiving it by the checker's clock. */
        record Answered(Challenge challenge, ChallengeResponse response, long observedNanos) implements Probe {}

        /** The provider's agent had the challenge and refused it or let the deadline pass: it failed the challenge. */
        record Unanswered(Challenge challenge, String code) implements Probe {}

        /** The provider could not be reached: offline, or the network failed. */
        record Unreachable(Challenge challenge, String code) implements Probe {}

        /** The coordinator refused the request itself (the checker's own problem): nothing is learnt about the provider. */
        record Refused(Challenge challenge, String code, String message) implements Probe {}
    }

    private Probe probe(Challenge challenge) {
        var request = ChallengeRequest.sign(config.key(), challenge);
        long sent = System.nanoTime();
        try {
            AgentMessage answer = coordinator.challenge(request);
            long observed = System.nanoTime() - sent;
            if (!(answer instanceof AgentMessage.ProofResponse response)) {
                return new Probe.Refused(challenge, "NOT_A_RESPONSE", "the coordinator answered " + answer);
            }
            return new Probe.Answered(challenge, Proofs.response(response), observed);
        } catch (IllegalArgumentException malformed) {
            return new Probe.Refused(challenge, "MALFORMED_RESPONSE", malformed.getMessage());
        } catch (CoordinatorException e) {
            return switch (e.code()) {
                // The agent had the challenge and did not answer it: that fails it, or refusing would be a way out.
                case "TIMEOUT", "CHALLENGE_TOO_LARGE", "GPU_FAILED" -> new Probe.Unanswered(challenge, e.code());
                case "PROVIDER_OFFLINE", "UNREACHABLE", "SHUTTING_DOWN" -> new Probe.Unreachable(challenge, e.code());
                default -> e.status() == 0 || e.status() >= 500
                        ? new Probe.Unreachable(challenge, e.code()) : new Probe.Refused(challenge, e.code(), e.getMessage());
            };
        }
    }

    private static Hash evidenceOf(Challenge challenge, String code) {
        return Hash.sha256(challenge.id().bytes(), code.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Submits for the epoch open now, which is the challenge's own unless an epoch closed while it
     * ran: a verdict is only accepted for the open epoch, and the evidence binds it to the answer.
     */
    private CheckerVerdict submit(Judgement j) {
        String refusal = null;
        long round = j.round();
        try {
            round = coordinator.ledger().epoch();
            coordinator.signAndSubmit(config.key(), new SubmitVerdict(j.provider(), round, j.kind(), j.score(), j.evidence()));
        } catch (CoordinatorException e) {
            refusal = e.code();
        }
        var verdict = new CheckerVerdict(round, j.provider(), j.kind(), j.score(), j.reason(), j.evidence().hex(), refusal);
        LOG.info("epoch {}: {} {} = {} ({}){}", round, j.provider(), j.kind(), j.score(), j.reason(),
                refusal == null ? "" : ", refused: " + refusal);
        onVerdict.accept(verdict);
        return verdict;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
