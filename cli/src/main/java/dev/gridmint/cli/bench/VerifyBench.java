package dev.gridmint.cli.bench;

import dev.gridmint.cli.UserError;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.verify.adversary.AdversarySimulation;
import dev.gridmint.verify.adversary.SimParams;
import dev.gridmint.verify.adversary.SimReport;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The verification layer against a seeded population of cheaters (see {@link AdversarySimulation}):
 * lazy providers, GPU spoofers, a sybil farm and colluding checkers, beside honest providers with
 * float noise and flaky networks. Compute time is modelled, so the figures depend on the seed only.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Detection rates, honest slashes, overhead and a cheater's expected value, from the adversarial simulation.")
final class VerifyBench implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the population and every draw (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--honest-jobs", defaultValue = "40000",
            description = "Jobs done by the honest providers in all, at least 10000 (default ${DEFAULT-VALUE}).")
    int honestJobs;

    @Option(names = "--json", description = "Print the figures as one JSON line.")
    boolean json;

    @Override
    public Integer call() {
        if (honestJobs < 10_000 || honestJobs > 2_000_000) {
            throw new UserError("--honest-jobs must be 10000..2000000");
        }
        SimParams params = SimParams.DEFAULT.withSeed(seed).withHonestJobs(honestJobs);
        SimReport report;
        try (var bar = new ProgressBar("Simulating", AdversarySimulation.PARTS)) {
            report = AdversarySimulation.run(params, bar::step);
        }
        if (json) {
            JsonOut.print(System.out, report.toMap());
        } else {
            print(report);
        }
        return 0;
    }

    private static void print(SimReport r) {
        System.out.printf("%nlazy providers caught within %d jobs: f=1%% %.1f%%, f=10%% %.1f%% (goal ≥ 99%%, median %.1f jobs), f=50%% %.1f%%%n",
                r.params().jobsPerCheater(), 100 * r.detectRateF1(), 100 * r.detectRateF10(), r.jobsToDetectF10P50(), 100 * r.detectRateF50());
        System.out.printf("spoofers caught at their first challenge: %.1f%% (goal 100%%)%n", 100 * r.spooferDetectRate());
        System.out.printf("sybil farm identities flagged: %.1f%% (goal ≥ 90%%), honest identities flagged: %d%n", 100 * r.sybilDetectRate(),
                r.sybilFalseFlags());
        System.out.printf("honest providers slashed over %,d jobs: %d (goal 0)%n", r.honestJobs(), r.honestSlashed());
        System.out.printf("verification overhead: %.2f%% of useful compute (goal ≤ 5%%)%n", 100 * r.overhead());
        System.out.printf("a cheater's expected value per job: %.3f jobs in the run, %.3f trusted at the floor (goal < 0); stake %d jobs%n",
                r.cheatEv(), r.cheatEvAtFloor(), r.defaultStakeInJobs());
        System.out.printf("colluding checker votes outvoted: %.1f%%%n", 100 * r.colludingVotesOutvoted());
        System.out.println(r.meetsGoals() ? "all goals met" : "GOALS NOT MET");
    }
}
