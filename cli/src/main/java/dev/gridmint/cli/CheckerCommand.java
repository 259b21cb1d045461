package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.node.checker.Checker;
import dev.gridmint.node.checker.CheckerConfig;
import dev.gridmint.node.checker.CheckerVerdict;
import dev.gridmint.verify.challenge.ChallengePolicy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "checker", mixinStandardHelpOptions = true,
        description = "Runs a checker: registers and stakes, then audits providers with proof-of-GPU challenges, spot checks of finished jobs, the gateway's inference spot checks and rejected DiLoCo deltas, and submits verdicts.")
final class CheckerCommand implements Callable<Integer> {

    @Mixin
    KeyOptions key;

    @Mixin
    CoordinatorOptions coordinator;

    @Option(names = "--stake", defaultValue = "10000", paramLabel = "GRID",
            description = "GRID to bond to this checker, bonded once if not yet (default ${DEFAULT-VALUE}, the default minimum).")
    String stake;

    @Option(names = "--interval", defaultValue = "900", paramLabel = "SECONDS",
            description = "Seconds between audit rounds (default ${DEFAULT-VALUE}: the 15-minute capacity schedule).")
    long intervalSeconds;

    @Option(names = "--targets", defaultValue = "3", paramLabel = "N", description = "Providers audited per round (default ${DEFAULT-VALUE}).")
    int targets;

    @Option(names = "--spot-checks", defaultValue = "on", paramLabel = "on|off",
            description = "Re-execute a sample of finished deterministic jobs locally and judge their results (default ${DEFAULT-VALUE}).")
    String spotChecks;

    @Option(names = "--rerun", defaultValue = "local", paramLabel = "local|network",
            description = {"Where a spot check re-executes a job first: 'network' orders it again from another provider,",
                    "drawn at random from an auction's bids and paid from this wallet's credits; 'local' runs it here (default ${DEFAULT-VALUE})."})
    String rerun;

    @Option(names = "--training", paramLabel = "URL",
            description = {"A DiLoCo session whose rejected deltas to judge, as its base URL http://host:port/v1/training/<id>;",
                    "repeat for several (default: none)."})
    java.util.List<String> training = new java.util.ArrayList<>();

    @Option(names = "--json", description = "Print one JSON line per verdict.")
    boolean json;

    /** Devnet and tests only: scales every device's throughput (as the adversarial bench does) so CPU challenges stay small. */
    @Option(names = "--throughput-scale", hidden = true, defaultValue = "1")
    double throughputScale;

    @Override
    public Integer call() throws InterruptedException {
        if (intervalSeconds < 1 || targets < 1 || !(throughputScale > 0 && throughputScale <= 1)) {
            throw new UserError("--interval and --targets must be positive, --throughput-scale in (0, 1]");
        }
        if (!spotChecks.equals("on") && !spotChecks.equals("off")) {
            throw new UserError("--spot-checks is on or off");
        }
        if (!rerun.equals("local") && !rerun.equals("network")) {
            throw new UserError("--rerun is local or network");
        }
        long micro;
        try {
            micro = Amounts.parseGrid(stake);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        ChallengePolicy base = ChallengePolicy.DEFAULT;
        var policy = new ChallengePolicy(base.allowanceNanos(), base.sizingFactor(), base.minN(), base.maxN(), base.sampledRows(),
                throughputScale);
        var config = new CheckerConfig(coordinator.url, key.load(), micro, Duration.ofSeconds(intervalSeconds), targets, policy,
                spotChecks.equals("on"), rerun.equals("network") ? CheckerConfig.Rerun.NETWORK : CheckerConfig.Rerun.LOCAL)
                .withTrainingSessions(training);
        var checker = Checker.start(config, this::print);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            checker.close();
            stopped.countDown();
        }));
        if (!json) {
            System.out.println("Checker " + checker.address() + " auditing through " + coordinator.url);
        }
        stopped.await();
        return 0;
    }

    private void print(CheckerVerdict v) {
        if (json) {
            JsonOut.print(System.out, Map.of("round", v.round(), "provider", v.provider().toString(), "kind", v.kind().name(),
                    "score", v.score(), "reason", v.reason(), "evidence", v.evidence(), "accepted", v.accepted(),
                    "refusal", v.refusal() == null ? "" : v.refusal()));
        } else {
            System.out.println("epoch " + v.round() + ": " + v.provider() + " " + v.kind() + " = " + v.score() + " (" + v.reason() + ")"
                    + (v.accepted() ? "" : " refused: " + v.refusal()));
        }
    }
}
