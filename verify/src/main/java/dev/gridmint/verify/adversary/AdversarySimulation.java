package dev.gridmint.verify.adversary;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.verify.Seeds;
import dev.gridmint.verify.aggregate.CheckerScore;
import dev.gridmint.verify.aggregate.RoundOutcome;
import dev.gridmint.verify.aggregate.SlashDecision;
import dev.gridmint.verify.aggregate.VerdictAggregator;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.verify.challenge.ChallengeResponse;
import dev.gridmint.verify.challenge.ChallengeSolver;
import dev.gridmint.verify.challenge.ChallengeVerdict;
import dev.gridmint.verify.challenge.ChallengeVerifier;
import dev.gridmint.verify.challenge.DeviceProfile;
import dev.gridmint.verify.challenge.DeviceTable;
import dev.gridmint.verify.challenge.ReplayGuard;
import dev.gridmint.verify.spotcheck.AdaptiveReplication;
import dev.gridmint.verify.spotcheck.OutputComparison;
import dev.gridmint.verify.spotcheck.RefereeRound;
import dev.gridmint.verify.spotcheck.StakeSizing;
import dev.gridmint.verify.sybil.Identity;
import dev.gridmint.verify.sybil.SybilDetector;
import dev.gridmint.verify.sybil.SybilFlag;
import dev.gridmint.verify.sybil.TimingSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * One seeded run of the adversarial benchmark, in three parts that share the checkers and the
 * providers' keys:
 * <ol>
 *   <li>Proof-of-GPU: honest providers of several models are challenged at registration and every
 *       {@value #CHALLENGE_EVERY} jobs; spoofers (an RTX3090, an RTX4090 or a CPU claiming an H100)
 *       at registration. The matrices, commitments, row checks and signatures are real; the compute
 *       time is the product's flops over the real device's modelled throughput, and the network
 *       delay a draw, sometimes late (retried) or lost (retried, never a fault).</li>
 *   <li>Spot checks: every provider does its jobs in round-robin order; adaptive replication picks
 *       the jobs to re-execute on another provider (trusted ones first), a disagreement goes to a
 *       referee round, and every verdict is scored by all checkers and aggregated, with the
 *       colluding checkers protecting cheaters and smearing honest providers.</li>
 *   <li>Sybils: a farm of identities behind one address sharing one GPU, honest neighbours in one
 *       datacenter /24, and the rest spread out, through the sybil detector.</li>
 * </ol>
 * Device throughput is scaled by {@value #THROUGHPUT_SCALE} for every device alike (see
 * {@link ChallengePolicy}), so an H100 challenge is n = 100 instead of 62,700 with the same verdicts.
 */
public final class AdversarySimulation {

    static final double THROUGHPUT_SCALE = 1e-6;
    /** 2 ms of network allowance at the scaled speeds: n = 100 for an H100. */
    static final ChallengePolicy POLICY = new ChallengePolicy(2_000_000L, 4, 16, 4_096, 16, THROUGHPUT_SCALE);

    private static final double[] FAKE_RATES = {0.01, 0.10, 0.50};
    private static final List<String> SPOOFER_DEVICES = List.of("RTX3090-24GB", "RTX4090-24GB", "CPU");
    private static final List<String> HONEST_MODELS = List.of("H100-80GB", "A100-80GB", "RTX4090-24GB", "RTX3090-24GB", "L4-24GB",
            "T4-16GB", "CPU", "H200-141GB");
    private static final String CLAIMED_BY_SPOOFERS = "H100-80GB";
    private static final OutputComparison COMPARISON = new OutputComparison.Tolerance(1e-5, 1e-4);
    private static final int OUTPUT_LENGTH = 32;
    /** The compute a faked job saves, in micro job-units: one whole job. */
    private static final long GAIN = 1_000_000;
    private static final double LATE_CHANCE = 0.05;
    private static final double LOST_CHANCE = 0.02;
    private static final int ATTEMPTS = 4;
    private static final int CHALLENGE_EVERY = 100;
    /** A job's length on its device, for the challenges' share of the overhead. */
    private static final double JOB_SECONDS = 600;
    private static final int CHECKERS = 10;
    private static final int COLLUDING_CHECKERS = 3;
    private static final int TIMING_SLOTS = 64;

    /** A provider of the spot-check population: honest when {@code fakeRate} is 0. */
    private static final class Provider {
        final Keypair key;
        final double fakeRate;
        final int ownJobs;
        int done;
        int firstCatch = -1;
        int catches;
        int fakesPassed;

        Provider(Keypair key, double fakeRate, int ownJobs) {
            this.key = key;
            this.fakeRate = fakeRate;
            this.ownJobs = ownJobs;
        }

        Address address() {
            return key.address();
        }

        boolean honest() {
            return fakeRate == 0;
        }
    }

    private record CheckerSeat(Address address, long stake, boolean colluding) {}

    private final SimParams params;
    private final SplittableRandom random;
    private final List<CheckerSeat> checkers;
    private final Keypair issuer;
    private final ChallengeVerifier verifier = new ChallengeVerifier(POLICY, new ReplayGuard(1 << 16));
    private final Map<Address, Integer> reputation = new HashMap<>();
    private final long stake;
    private int honestSlashed;
    private long colludingVotes;
    private long colludingOutvoted;

    private AdversarySimulation(SimParams params) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
        this.checkers = checkers(params.colludingStakeBps());
        this.issuer = Keypair.generate(random);
        this.stake = StakeSizing.defaultStake(params.replication(), GAIN);
    }

    /** The number of parts a run reports through {@code partDone}. */
    public static final int PARTS = 4;

    public static SimReport run(SimParams params) {
        return run(params, () -> { });
    }

    /** Runs the benchmark, calling {@code partDone} after each of its {@value #PARTS} parts (for a progress bar). */
    public static SimReport run(SimParams params, Runnable partDone) {
        return new AdversarySimulation(params).run(partDone);
    }

    private SimReport run(Runnable partDone) {
        List<Provider> honest = IntStream.range(0, params.honestProviders())
                .mapToObj(i -> new Provider(Keypair.generate(random), 0, share(params.honestJobs(), params.honestProviders(), i))).toList();
        double challengeFlopsShare = honestChallenges(honest);
        partDone.run();
        double spooferRate = spoofers();
        partDone.run();
        List<Provider> lazy = new ArrayList<>();
        for (double rate : FAKE_RATES) {
            for (int i = 0; i < params.cheatersPerRate(); i++) {
                lazy.add(new Provider(Keypair.generate(random), rate, params.jobsPerCheater()));
            }
        }
        double spotOverhead = spotChecks(honest, lazy);
        partDone.run();
        int[] sybil = sybils(honest);
        partDone.run();
        DeviceProfile h100 = DeviceTable.byModel(CLAIMED_BY_SPOOFERS).orElseThrow();
        return new SimReport(params, detectRate(lazy, 0.01), detectRate(lazy, 0.10), detectRate(lazy, 0.50), medianCatch(lazy, 0.10),
                spooferRate, (double) sybil[0] / params.farmSize(), sybil[1], params.honestJobs(), honestSlashed,
                spotOverhead + challengeFlopsShare, worstCheatEv(lazy),
                StakeSizing.cheatExpectedValue(params.replication().floor(), GAIN, stake) / GAIN, Math.ceilDiv(stake, GAIN),
                colludingVotes == 0 ? 0 : (double) colludingOutvoted / colludingVotes,
                ChallengePolicy.DEFAULT.size(h100, h100.challengePrecision()));
    }

    // ---- proof-of-GPU ----

    /** Challenges every honest provider at registration and every CHALLENGE_EVERY jobs; returns challenge flops over useful flops. */
    private double honestChallenges(List<Provider> honest) {
        double challengeFlops = 0;
        double usefulFlops = 0;
        for (int i = 0; i < honest.size(); i++) {
            Provider provider = honest.get(i);
            String model = HONEST_MODELS.get(i % HONEST_MODELS.size());
            double tflops = throughput(model, model);
            for (int round = 0; round <= provider.ownJobs / CHALLENGE_EVERY; round++) {
                Attempts attempts = challenge(provider.key, model, tflops, round);
                challengeFlops += attempts.flops();
                attempts.verdict().ifPresent(verdict -> judge(provider.address(), VerdictKind.CHALLENGE, verdict.passed(), false));
            }
            usefulFlops += provider.ownJobs * JOB_SECONDS * tflops * 1e12 * THROUGHPUT_SCALE;
        }
        return challengeFlops / usefulFlops;
    }

    /** The share of spoofers whose first challenge ends in a fraud outcome. */
    private double spoofers() {
        int caught = 0;
        int total = 0;
        for (String device : SPOOFER_DEVICES) {
            for (int i = 0; i < params.spoofersPerDevice(); i++) {
                Keypair key = Keypair.generate(random);
                Optional<ChallengeVerdict> verdict = challenge(key, CLAIMED_BY_SPOOFERS, throughput(device, CLAIMED_BY_SPOOFERS), 0).verdict();
                total++;
                boolean fraud = verdict.map(v -> judge(key.address(), VerdictKind.CHALLENGE, v.passed(), true))
                        .filter(decision -> decision instanceof SlashDecision.Fraud).isPresent();
                caught += fraud ? 1 : 0;
            }
        }
        return (double) caught / total;
    }

    private record Attempts(Optional<ChallengeVerdict> verdict, double flops) {}

    /**
     * One challenge with retries: a lost response or a missed deadline is retried with a fresh
     * challenge, up to {@value #ATTEMPTS} attempts; only the last verdict counts, and a provider
     * whose every response was lost gets none (no fault).
     */
    private Attempts challenge(Keypair provider, String claimedModel, double actualTflops, int round) {
        double flops = 0;
        Optional<ChallengeVerdict> verdict = Optional.empty();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Hash seed = Seeds.derive("gridmint/sim/challenge", Seeds.longBytes(random.nextLong()));
            Challenge challenge = POLICY.issue(issuer.address(), provider.address(), seed, (long) round * ATTEMPTS + attempt, claimedModel)
                    .orElseThrow();
            flops += challenge.flops();
            if (random.nextDouble() < LOST_CHANCE) {
                continue;
            }
            long compute = (long) (challenge.flops() / (actualTflops * 1e12 * THROUGHPUT_SCALE) * 1e9);
            long[] ticks = {0, compute};
            int[] next = {0};
            ChallengeResponse response = new ChallengeSolver(provider, () -> ticks[next[0]++], POLICY).solve(challenge);
            long observed = compute + networkDelay();
            ChallengeVerdict result = verifier.verify(challenge, response, observed);
            verdict = Optional.of(result);
            if (!(result instanceof ChallengeVerdict.MissedDeadline)) {
                break;
            }
        }
        return new Attempts(verdict, flops);
    }

    private long networkDelay() {
        double allowance = POLICY.allowanceNanos();
        return (long) (random.nextDouble() < LATE_CHANCE ? allowance * random.nextDouble(1.5, 10) : allowance * random.nextDouble(0.05, 0.9));
    }

    /**
     * A device's modelled throughput in the precision a challenge for {@code claimedModel} uses:
     * 45–85% of a GPU's peak, 50–300 GFLOPS for a CPU.
     */
    private double throughput(String device, String claimedModel) {
        if (device.equals("CPU")) {
            return random.nextDouble(0.05, 0.3);
        }
        DeviceProfile claimed = DeviceTable.byModel(claimedModel).orElseThrow();
        return DeviceTable.byModel(device).orElseThrow().peakTflops(claimed.challengePrecision()) * random.nextDouble(0.45, 0.85);
    }

    // ---- spot checks ----

    /** Runs every provider's jobs round-robin; returns re-execution and referee runs over honest jobs. */
    private double spotChecks(List<Provider> honest, List<Provider> lazy) {
        List<Provider> everyone = new ArrayList<>(honest);
        everyone.addAll(lazy);
        AdaptiveReplication replication = new AdaptiveReplication(params.replication());
        RefereeRound referees = new RefereeRound(params.refereeN(), COMPARISON);
        Hash auditSeed = Seeds.derive("gridmint/sim/audit", Seeds.longBytes(params.seed()));
        long honestVerification = 0;
        long jobId = 0;
        boolean busy = true;
        while (busy) {
            busy = false;
            for (Provider provider : everyone) {
                if (provider.done == provider.ownJobs) {
                    continue;
                }
                busy = true;
                long cost = job(provider, jobId++, everyone, replication, referees, auditSeed);
                honestVerification += provider.honest() ? cost : 0;
            }
        }
        return (double) honestVerification / params.honestJobs();
    }

    /** One job of {@code provider}, checked or not; returns the verification runs it cost. */
    private long job(Provider provider, long jobId, List<Provider> everyone, AdaptiveReplication replication, RefereeRound referees,
                     Hash auditSeed) {
        provider.done++;
        float[] truth = truth(jobId);
        float[] result = produce(provider, truth);
        boolean faked = !provider.honest() && !COMPARISON.compare(truth, result).agrees();
        if (!replication.shouldCheck(provider.address(), auditSeed, jobId)) {
            provider.fakesPassed += faked ? 1 : 0;
            replication.record(provider.address(), true);
            return 0;
        }
        long runs = 0;
        Provider rerunner;
        do {
            rerunner = pick(everyone, replication, Set.of(provider));
            runs++;
        } while (random.nextDouble() < LOST_CHANCE);
        float[] rerun = produce(rerunner, truth);
        if (COMPARISON.compare(result, rerun).agrees()) {
            valid(provider, replication);
            return runs;
        }
        List<RefereeRound.RefereeRun> runsOfReferees = new ArrayList<>();
        Set<Provider> excluded = new HashSet<>(List.of(provider, rerunner));
        for (int i = 0; i < referees.referees(); i++) {
            Provider referee = pick(everyone, replication, excluded);
            excluded.add(referee);
            runsOfReferees.add(new RefereeRound.RefereeRun(referee.address(), produce(referee, truth)));
        }
        var dispute = new RefereeRound.Dispute(provider.address(), result, rerunner.address(), rerun);
        switch (referees.decide(dispute, runsOfReferees)) {
            case RefereeRound.Decision.OriginalAtFault fault -> fault(provider, replication, true);
            case RefereeRound.Decision.RerunAtFault fault -> {
                valid(provider, replication);
                fault(rerunner, replication, false);
            }
            case RefereeRound.Decision.Inconclusive inconclusive -> { }
        }
        return runs + referees.referees();
    }

    private void valid(Provider provider, AdaptiveReplication replication) {
        replication.record(provider.address(), true);
        judge(provider.address(), VerdictKind.SPOT_CHECK, true, !provider.honest());
    }

    /**
     * A provider found at fault is slashed through the aggregation wherever it was caught; the
     * detection figures count only catches on its own jobs, which is what the spot-check rate buys.
     */
    private void fault(Provider provider, AdaptiveReplication replication, boolean ownJob) {
        replication.record(provider.address(), false);
        SlashDecision decision = judge(provider.address(), VerdictKind.SPOT_CHECK, false, !provider.honest());
        if (decision instanceof SlashDecision.Fraud && !provider.honest()) {
            provider.catches++;
            if (ownJob && provider.firstCatch < 0) {
                provider.firstCatch = provider.done;
            }
        }
    }

    /** A re-executor or referee: a trusted provider (streak past probation) when there is one, else anyone not excluded. */
    private Provider pick(List<Provider> everyone, AdaptiveReplication replication, Set<Provider> excluded) {
        List<Provider> trusted = everyone.stream()
                .filter(p -> !excluded.contains(p) && replication.streak(p.address()) >= params.replication().trustAfter())
                .toList();
        List<Provider> pool = trusted.size() >= 2 * params.refereeN() + 1 ? trusted
                : everyone.stream().filter(p -> !excluded.contains(p)).toList();
        return pool.get(random.nextInt(pool.size()));
    }

    private float[] truth(long jobId) {
        SplittableRandom job = Seeds.random("gridmint/sim/job", Seeds.longBytes(params.seed()), Seeds.longBytes(jobId));
        float[] output = new float[OUTPUT_LENGTH];
        for (int i = 0; i < OUTPUT_LENGTH; i++) {
            output[i] = (float) job.nextDouble(-10, 10);
        }
        return output;
    }

    /** An honest run differs from the truth in its low bits; a lazy one is garbage on its share of jobs. */
    private float[] produce(Provider provider, float[] truth) {
        float[] output = new float[truth.length];
        boolean fake = random.nextDouble() < provider.fakeRate;
        for (int i = 0; i < truth.length; i++) {
            output[i] = fake ? (float) random.nextDouble(-10, 10) : (float) (truth[i] * (1 + random.nextGaussian() * 0x1.0p-22));
        }
        return output;
    }

    // ---- aggregation ----

    /**
     * Every checker scores the verdict and the scores are aggregated. Honest checkers score the
     * evidence, with a little disagreement among themselves; colluders score cheaters 1000 and
     * honest providers 0 whatever the evidence.
     */
    private SlashDecision judge(Address provider, VerdictKind kind, boolean passed, boolean cheater) {
        List<CheckerScore> scores = new ArrayList<>();
        for (CheckerSeat seat : checkers) {
            int noise = random.nextInt(40);
            int score = seat.colluding() ? (cheater ? Reputation.MAX : 0) : (passed ? Reputation.MAX - noise : noise);
            scores.add(new CheckerScore(seat.address(), seat.stake(), score));
        }
        RoundOutcome outcome = VerdictAggregator.DEFAULT
                .aggregate(provider, kind, scores, reputation.getOrDefault(provider, Reputation.NEUTRAL)).orElseThrow();
        reputation.put(provider, outcome.reputation());
        for (CheckerSeat seat : checkers) {
            if (seat.colluding()) {
                colludingVotes++;
                colludingOutvoted += outcome.outvoted().contains(seat.address()) ? 1 : 0;
            }
        }
        if (!cheater && outcome.decision() instanceof SlashDecision.Fraud) {
            honestSlashed++;
        }
        return outcome.decision();
    }

    private List<CheckerSeat> checkers(int colludingStakeBps) {
        List<CheckerSeat> seats = new ArrayList<>();
        for (int i = 0; i < CHECKERS; i++) {
            boolean colluding = i < COLLUDING_CHECKERS;
            long stake = colluding ? share(colludingStakeBps, COLLUDING_CHECKERS, i)
                    : share(10_000 - colludingStakeBps, CHECKERS - COLLUDING_CHECKERS, i - COLLUDING_CHECKERS);
            seats.add(new CheckerSeat(Keypair.generate(random).address(), stake, colluding));
        }
        return seats;
    }

    // ---- sybils ----

    /**
     * The farm: one address, one GPU, identities that spoof distinct UUIDs and fingerprints; their
     * challenge times scale with how many of them were challenged in the same slot. The
     * neighbours: honest machines with distinct addresses in one /24. Returns {farm identities
     * flagged, other identities flagged}.
     */
    private int[] sybils(List<Provider> honest) {
        List<Identity> identities = new ArrayList<>();
        Map<Address, Double> baseSeconds = new HashMap<>();
        Set<Address> farm = new HashSet<>();
        for (int i = 0; i < honest.size(); i++) {
            Address address = honest.get(i).address();
            identities.add(new Identity(address, List.of(uuid()), uuid(), "10." + i + ".0.7"));
            baseSeconds.put(address, random.nextDouble(1, 3));
        }
        for (int i = 0; i < params.datacenterNeighbours(); i++) {
            Address address = Keypair.generate(random).address();
            identities.add(new Identity(address, List.of(uuid()), uuid(), "198.51.100." + (10 + i)));
            baseSeconds.put(address, random.nextDouble(1, 3));
        }
        for (int i = 0; i < params.farmSize(); i++) {
            Address address = Keypair.generate(random).address();
            identities.add(new Identity(address, List.of(uuid()), uuid(), "203.0.113.7"));
            farm.add(address);
        }
        List<TimingSample> timings = timings(identities, baseSeconds, farm);
        List<SybilFlag> flags = SybilDetector.DEFAULT.detect(identities, timings);
        int[] counts = new int[2];
        flags.stream().flatMap(flag -> flag.identities().stream()).distinct()
                .forEach(address -> counts[farm.contains(address) ? 0 : 1]++);
        return counts;
    }

    private List<TimingSample> timings(List<Identity> identities, Map<Address, Double> baseSeconds, Set<Address> farm) {
        double farmBase = random.nextDouble(0.5, 1);
        List<TimingSample> samples = new ArrayList<>();
        for (int slot = 0; slot < TIMING_SLOTS; slot++) {
            List<Address> challenged = identities.stream().map(Identity::provider).filter(a -> random.nextBoolean()).toList();
            long load = challenged.stream().filter(farm::contains).count();
            for (Address address : challenged) {
                double base = farm.contains(address) ? farmBase * load : baseSeconds.get(address);
                samples.add(new TimingSample(address, slot, base * (1 + 0.05 * random.nextGaussian())));
            }
        }
        return samples;
    }

    private String uuid() {
        return "GPU-" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    // ---- figures ----

    private static double detectRate(List<Provider> lazy, double rate) {
        return lazy.stream().filter(p -> p.fakeRate == rate).mapToDouble(p -> p.firstCatch >= 0 ? 1 : 0).average().orElse(0);
    }

    private static double medianCatch(List<Provider> lazy, double rate) {
        int[] catches = lazy.stream().filter(p -> p.fakeRate == rate && p.firstCatch >= 0).mapToInt(p -> p.firstCatch).sorted().toArray();
        return catches.length == 0 ? Double.NaN
                : catches.length % 2 == 1 ? catches[catches.length / 2] : (catches[catches.length / 2 - 1] + catches[catches.length / 2]) / 2.0;
    }

    /** The best a lazy strategy did: (faked jobs that went through − slashes) per job, in units of one job's compute. */
    private double worstCheatEv(List<Provider> lazy) {
        return Arrays.stream(FAKE_RATES).map(rate -> {
            double gained = 0;
            double jobs = 0;
            for (Provider p : lazy) {
                if (p.fakeRate == rate) {
                    gained += p.fakesPassed * (double) GAIN - p.catches * (double) stake;
                    jobs += p.done;
                }
            }
            return gained / jobs / GAIN;
        }).max().orElseThrow();
    }

    /** The i-th of {@code parts} near-equal shares of {@code total}; the first ones take the remainder. */
    private static int share(int total, int parts, int i) {
        return total / parts + (i < total % parts ? 1 : 0);
    }
}
