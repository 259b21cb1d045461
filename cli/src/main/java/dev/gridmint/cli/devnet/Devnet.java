package dev.gridmint.cli.devnet;

import dev.gridmint.cli.JobFollower;
import dev.gridmint.cli.output.Amounts;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.node.workload.WorkloadCatalog;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.MintCredits;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.node.api.JobTelemetry;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.genesis.GenesisFile;
import dev.gridmint.node.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * One local network, run end to end: keys, genesis, a coordinator JVM, provider JVMs, a training
 * job from a user wallet, and the audit of the result. Every step talks to the nodes only through
 * their public API, exactly as a real user's tools would.
 */
final class Devnet implements AutoCloseable {

    static final String NETWORK_ID = "gridmint-devnet";
    private static final String MARKER = ".gridmint-devnet";
    private static final long TENANT_GRANT = Amounts.parseGrid("1000");
    private static final long TREASURY_RESERVE = Amounts.parseGrid("10000");
    /** Each provider's grant: enough to bond the stake a CPU node needs. */
    private static final long PROVIDER_GRANT = Amounts.parseGrid("150");
    /** The checker's grant: the minimum checker stake it bonds to itself, funded like the providers' stakes. */
    private static final long CHECKER_GRANT = Amounts.parseGrid("10000");
    /** How long devnet waits for the checker's spot check of the job: a re-run takes about as long as the job. */
    private static final int SPOT_CHECK_WAIT_SECONDS = 180;
    /** Seconds between the checker's audit rounds: several rounds, across epochs, land while the demo job runs. */
    private static final String CHECKER_INTERVAL_SECONDS = "2";
    /** Device throughput scaled as in the adversarial bench, so a CPU challenge is ~460² and takes a fraction of a second. */
    private static final String CHECKER_THROUGHPUT_SCALE = "0.01";
    /** The founders' share, vesting over a year after a 30-day cliff. */
    private static final long TEAM_GRANT = Amounts.parseGrid("50000");
    /** The price the devnet's coordinator reports as its oracle: $1.25 per GRID. */
    static final String ORACLE_PRICE_USD = "1.25";
    /** Short epochs, so a devnet run shows emissions being minted. */
    private static final long EPOCH_SECONDS = 5;
    private static final long MAX_PRICE = Amounts.parseCredits("2.0");
    private static final long JOB_MAX_SECONDS = 300;
    private static final long CONTAINER_JOB_MAX_SECONDS = 60;
    private static final java.time.Duration JOB_TIMEOUT = java.time.Duration.ofSeconds(180);
    private static final String[] REGIONS = {"eu-west", "us-east", "ap-south", "eu-north", "us-west", "sa-east", "af-south", "ap-east"};

    private final Path dir;
    private final int providerCount;
    private final int requestedPort;
    private final int steps;
    private final long seed;
    private final PrintStream console;
    private final boolean interactive;
    private final BiConsumer<String, DevnetInference.Serving> onReady;
    private final boolean containerJob;
    private final boolean serveModels;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();
    private CoordinatorClient client;

    /**
     * {@code onReady} gets the coordinator's URL once every provider is online, before the demo job is ordered; with
     * {@code serveModels}, once the models answer too, with alice's API key (else null).
     */
    Devnet(Path dir, int providerCount, int requestedPort, int steps, long seed, PrintStream console, boolean interactive,
            BiConsumer<String, DevnetInference.Serving> onReady, boolean containerJob, boolean serveModels) {
        this.containerJob = containerJob;
        this.serveModels = serveModels;
        this.dir = dir;
        this.providerCount = providerCount;
        this.requestedPort = requestedPort;
        this.steps = steps;
        this.seed = seed;
        this.console = console;
        this.interactive = interactive;
        this.onReady = onReady;
    }

    /** The web console the coordinator serves at its root. */
    static String consoleUrl(String apiUrl) {
        return apiUrl + "/";
    }

    DevnetReport run() throws IOException, InterruptedException {
        prepareDirectory();
        var random = new SecureRandom();
        Keypair founder = key("founder", random);
        Keypair treasury = key("treasury", random);
        Keypair coordinatorKey = key("coordinator", random);
        Keypair tenant = key("alice", random);
        Keypair checker = key("checker", random);
        List<Keypair> providerKeys = new ArrayList<>();
        for (int i = 1; i <= providerCount; i++) {
            providerKeys.add(key("provider-" + i, random));
        }
        Path genesisFile = dir.resolve("genesis.json");
        var council = List.of(founder.address(), treasury.address(), coordinatorKey.address());
        var defaults = NetworkParams.defaults(council, List.of(coordinatorKey.address()));
        NetworkParams params = defaults.withEmission(defaults.emission().withEpochSeconds(EPOCH_SECONDS));
        List<Allocation> allocations = new ArrayList<>(List.of(
                Allocation.liquid(tenant.address(), TENANT_GRANT),
                Allocation.liquid(treasury.address(), TREASURY_RESERVE),
                Allocation.liquid(checker.address(), CHECKER_GRANT),
                new Allocation(founder.address(), TEAM_GRANT, 30L * 24 * 3600, 365L * 24 * 3600)));
        List<Keypair> inferenceKeys = new ArrayList<>();
        for (int i = 0; serveModels && i < DevnetInference.MODELS.size(); i++) {
            inferenceKeys.add(key(DevnetInference.providerName(i), random));
        }
        providerKeys.forEach(key -> allocations.add(Allocation.liquid(key.address(), PROVIDER_GRANT)));
        inferenceKeys.forEach(key -> allocations.add(Allocation.liquid(key.address(), PROVIDER_GRANT)));
        GenesisFile.of(founder, NETWORK_ID, new Genesis(treasury.address(), coordinatorKey.address(), params,
                java.time.Instant.now().getEpochSecond(), allocations)).write(genesisFile);
        step("Genesis: %s, %s to alice, %s to each provider, %s to the checker, %s treasury reserve, %s vesting for the team; "
                        + "council of 3 (2 to change a parameter), %d-second epochs, fee %d bps",
                NETWORK_ID, Amounts.grid(TENANT_GRANT), Amounts.grid(PROVIDER_GRANT), Amounts.grid(CHECKER_GRANT),
                Amounts.grid(TREASURY_RESERVE),
                Amounts.grid(TEAM_GRANT), EPOCH_SECONDS, params.credits().protocolFeeBps());

        startCoordinator();
        startProviders(providerKeys, inferenceKeys);
        startChecker();
        DevnetInference.Serving serving = serveModels ? serveModels(tenant) : null;
        step("Console: %s (import .devnet/keys/alice.json on its Wallet page to order jobs from the browser)",
                consoleUrl(client.baseUrl()));
        onReady.accept(client.baseUrl(), serving);
        Map<String, Long> before = balances();

        JobSpec spec = new JobSpec("train-names", List.of("--seed", Long.toString(seed), "--steps", Integer.toString(steps)),
                1, JOB_MAX_SECONDS, MAX_PRICE);
        long escrow = spec.worstCaseCost();
        buyCredits(tenant, escrow);
        var accepted = client.signAndSubmit(tenant, new SubmitJob(spec, escrow));
        Hash jobId = Hash.parse(accepted.txHash());
        step("alice submitted job %s: train a character-level language model on 4,951 names (%d steps), escrow %s",
                jobId.shortHex(), steps, Amounts.credits(escrow));
        JobView job = follow(jobId);

        Map<String, Long> after = balances();
        Path chart = dir.resolve("loss.png");
        List<JobTelemetry.Point> curve = job.telemetry() == null ? List.of() : job.telemetry().curve();
        if (!curve.isEmpty()) {
            LossChart.writePng(curve, chart);
        }
        DevnetReport.Verification audits = verification(checker.address());
        JsonNode verification = Json.MAPPER.readTree(NodeProcess.run(
                List.of("ledger", "verify", "--data-dir", dir.resolve("coordinator").toString(), "--json"), 60));
        DevnetReport report = report(job, escrow, before, after, verification, audits, curve, chart);
        printSummary(report, curve);
        return containerJob ? runContainerJob(tenant, report) : report;
    }

    /**
     * A busybox job in a real podman container, through the marketplace like any job: 64 MB of
     * memory, no network. It is ok when it settled, its log came back and it was billed from metered usage.
     */
    private DevnetReport runContainerJob(Keypair tenant, DevnetReport report) throws InterruptedException {
        String image = System.getenv().getOrDefault("GRIDMINT_BUSYBOX_IMAGE", "localhost/gridmint/busybox:latest");
        JobSpec spec = new JobSpec(WorkloadCatalog.CONTAINER, List.of("--image", image, "--memory-mb", "64", "--command",
                "[\"sh\",\"-c\",\"echo hello from a gridmint container; cat /proc/net/dev | grep -c : ; sleep 2; echo done\"]"),
                1, CONTAINER_JOB_MAX_SECONDS, MAX_PRICE);
        long escrow = spec.worstCaseCost();
        buyCredits(tenant, escrow);
        Hash jobId = Hash.parse(client.signAndSubmit(tenant, new SubmitJob(spec, escrow)).txHash());
        step("alice submitted container job %s: %s, 64 MB, no network", jobId.shortHex(), image);
        JobView job = JobFollower.untilFinished(client, jobId, JOB_TIMEOUT, view -> { });
        List<String> tail = job.telemetry() == null || job.telemetry().outcome() == null ? List.of()
                : job.telemetry().outcome().samples();
        long billed = job.settlement() == null ? 0 : job.settlement().charged();
        boolean ok = "SETTLED".equals(job.status()) && !tail.isEmpty() && job.usageMillis() > 0 && billed > 0;
        step("container job %s: %s, billed %s for %d ms metered; log tail %s", jobId.shortHex(), job.status(),
                Amounts.credits(billed), job.usageMillis(), tail);
        return report.withContainerJob(ok, tail, billed);
    }

    void waitForCtrlC() throws InterruptedException {
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }));
        console.println();
        console.println("The network keeps running. Console: " + consoleUrl(client.baseUrl()) + "  API: " + client.baseUrl()
                + "  (try: curl " + client.baseUrl() + "/v1/jobs)");
        console.println("Press Ctrl-C to stop it.");
        stopped.await();
    }

    private void prepareDirectory() throws IOException {
        if (Files.exists(dir)) {
            boolean ours = Files.exists(dir.resolve(MARKER));
            boolean empty;
            try (Stream<Path> entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!ours && !empty) {
                throw new dev.gridmint.cli.UserError(dir + " exists and is not a devnet directory; choose another --dir");
            }
            deleteTree(dir);
        }
        Files.createDirectories(dir.resolve("keys"));
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve(MARKER), "This directory is wiped by every 'gridmint devnet' run.\n");
        step("Devnet directory: %s", dir);
    }

    private Keypair key(String name, SecureRandom random) throws IOException {
        Keypair keypair = Keypair.generate(random);
        KeypairFile.write(dir.resolve("keys").resolve(name + ".json"), keypair);
        labels.put(keypair.address().toString(), name);
        return keypair;
    }

    private void startCoordinator() throws IOException, InterruptedException {
        int port = isFree(requestedPort) ? requestedPort : 0;
        Path portFile = dir.resolve("coordinator.port");
        nodes.add(NodeProcess.start("coordinator", dir.resolve("logs/coordinator.log"), List.of("coordinator",
                "--key", dir.resolve("keys/coordinator.json").toString(),
                "--data-dir", dir.resolve("coordinator").toString(),
                "--genesis", dir.resolve("genesis.json").toString(),
                "--port", Integer.toString(port),
                "--port-file", portFile.toString(),
                "--oracle-price", ORACLE_PRICE_USD)));
        awaitCondition("the coordinator to listen", 30, () -> Files.exists(portFile) && !Files.readString(portFile).isBlank());
        client = new CoordinatorClient("http://127.0.0.1:" + Files.readString(portFile).strip());
        awaitCondition("the coordinator to answer", 30, client::healthy);
        step("Coordinator up at %s (its own JVM, ledger in %s)", client.baseUrl(), dir.resolve("coordinator/ledger.db"));
    }

    /** Burns alice's GRID for the credits the escrow needs, once the coordinator's oracle has reported a price. */
    private void buyCredits(Keypair tenant, long credits) throws InterruptedException {
        awaitCondition("an oracle price", 30, () -> client.supply().price() > 0);
        long price = client.supply().price();
        long maxGrid = Bme.gridForCredits(credits, price, 100);
        client.signAndSubmit(tenant, new MintCredits(credits, maxGrid));
        step("alice burned GRID into the vault for %s at %s (BME: 1 CC = $1)", Amounts.credits(credits), Amounts.price(price));
    }

    private void startProviders(List<Keypair> keys, List<Keypair> inferenceKeys) throws IOException, InterruptedException {
        for (int i = 0; i < keys.size(); i++) {
            startProvider("provider-" + (i + 1), priceOf(i), REGIONS[i % REGIONS.length], "256m");
        }
        for (int i = 0; i < inferenceKeys.size(); i++) {
            startProvider(DevnetInference.providerName(i), DevnetInference.PRICE, DevnetInference.REGION, DevnetInference.HEAP);
        }
        int all = keys.size() + inferenceKeys.size();
        awaitCondition(all + " providers to come online and bond their stake", 60,
                () -> client.providers().stream().filter(p -> p.online() && p.active()).count() == all);
        for (var provider : client.providers().stream().sorted(Comparator.comparingLong(p -> p.pricePerDeviceHour())).toList()) {
            step("%s online: %d x %s (%s), %s per device-hour, %s, stake %s", labels.get(provider.address()),
                    provider.deviceCount(), provider.deviceModel(), provider.deviceClass(),
                    Amounts.credits(provider.pricePerDeviceHour()), provider.region(), Amounts.grid(provider.bonded()));
        }
    }

    private void startProvider(String name, String price, String region, String heap) throws IOException {
        nodes.add(NodeProcess.start(name, dir.resolve("logs/" + name + ".log"), List.of("provider",
                "--key", dir.resolve("keys/" + name + ".json").toString(),
                "--coordinator", client.baseUrl(),
                "--data-dir", dir.resolve(name).toString(),
                "--price", price,
                "--region", region), heap));
    }

    /**
     * alice orders a serving job per model (each lands on its own inference provider), gets an API key
     * for her credits, and each model answers one call through the gateway: then the network is ready.
     */
    private DevnetInference.Serving serveModels(Keypair tenant) throws InterruptedException {
        long escrow = DevnetInference.escrow(MAX_PRICE);
        // The escrow, and as much again for the tokens alice's key spends.
        buyCredits(tenant, 2 * escrow);
        List<Hash> jobs = DevnetInference.order(client, tenant, MAX_PRICE);
        awaitCondition("the serving jobs to be leased", 60,
                () -> jobs.stream().allMatch(job -> client.job(job).status().equals("LEASED")));
        String apiKey = DevnetInference.apiKey(client, tenant);
        for (DevnetInference.Model model : DevnetInference.MODELS) {
            awaitCondition(model.id() + " to answer through the gateway", 180, () -> DevnetInference.answers(client, apiKey, model));
            step("Serving %s (%s) through the OpenAI gateway at %s/v1", model.id(), model.kind(), client.baseUrl());
        }
        step("alice's API key: %s (it draws on her compute credits). Try:", apiKey);
        console.println("  export GRIDMINT_API_KEY=" + apiKey);
        console.println("  curl -s " + client.baseUrl() + "/v1/models -H \"Authorization: Bearer $GRIDMINT_API_KEY\"");
        DevnetInference.MODELS.forEach(model -> console.println("  " + model.curl(client.baseUrl())));
        return DevnetInference.serving(apiKey);
    }

    /** One checker in its own JVM: registers, bonds its grant and audits every provider every couple of seconds. */
    private void startChecker() throws IOException {
        nodes.add(NodeProcess.start("checker", checkerLog(), List.of("checker",
                "--key", dir.resolve("keys/checker.json").toString(),
                "--coordinator", client.baseUrl(),
                "--stake", Amounts.grid(CHECKER_GRANT).replace(" GRID", ""),
                "--interval", CHECKER_INTERVAL_SECONDS,
                "--targets", Integer.toString(providerCount),
                "--throughput-scale", CHECKER_THROUGHPUT_SCALE,
                "--json")));
        step("Checker up (its own JVM): audits %d providers with proof-of-GPU challenges every %s s", providerCount,
                CHECKER_INTERVAL_SECONDS);
    }

    private Path checkerLog() {
        return dir.resolve("logs/checker.log");
    }

    /**
     * What the checker did, from its {@code --json} verdict lines, and what the ledger made of it:
     * waits until every provider has a verdict, then until an epoch close has aggregated one.
     */
    private DevnetReport.Verification verification(Address checker) throws IOException, InterruptedException {
        awaitCondition("the checker to judge every provider", 60, () -> checkerVerdicts().size() >= providerCount);
        // The checker spot-checks alice's finished job by re-running it on its own machine (see docs/verification.md).
        awaitCondition("the checker to spot-check alice's job", SPOT_CHECK_WAIT_SECONDS,
                () -> spotChecks(checkerVerdicts()).findAny().isPresent());
        awaitCondition("an epoch close to aggregate the verdicts", 30, () -> !client.verification().outcomes().isEmpty());
        List<JsonNode> all = checkerVerdicts();
        List<JsonNode> verdicts = all.stream().filter(v -> !"SPOT_CHECK".equals(v.path("kind").asString())).toList();
        long reproduced = spotChecks(all).filter(v -> v.path("score").asInt() == 1_000).count();
        step("Spot check: the checker re-ran alice's job on its own machine; %d of %d results reproduced",
                reproduced, spotChecks(all).count());
        long passed = verdicts.stream().filter(v -> v.path("score").asInt() == 1_000).count();
        long accepted = all.stream().filter(v -> v.path("accepted").asBoolean()).count();
        Map<String, Integer> reputations = new LinkedHashMap<>();
        client.providers().forEach(p -> reputations.put(labels.get(p.address()), p.reputation()));
        var view = client.verification();
        long slashed = view.outcomes().stream().mapToLong(o -> o.slashed()).sum();
        step("Verification: %d challenges passed, %d failed; %d verdicts accepted; last closed epoch's consensus on %d "
                        + "provider checks, %s slashed", passed, verdicts.size() - passed, accepted, view.outcomes().size(),
                Amounts.grid(slashed));
        return new DevnetReport.Verification(checker.toString(), passed, verdicts.size() - passed, accepted, view.outcomes().size(),
                slashed, reputations);
    }

    private static java.util.stream.Stream<JsonNode> spotChecks(List<JsonNode> verdicts) {
        return verdicts.stream().filter(v -> "SPOT_CHECK".equals(v.path("kind").asString()));
    }

    private List<JsonNode> checkerVerdicts() throws IOException {
        List<JsonNode> verdicts = new ArrayList<>();
        for (String line : Files.readAllLines(checkerLog())) {
            if (line.startsWith("{")) {
                verdicts.add(Json.MAPPER.readTree(line));
            }
        }
        return verdicts;
    }

    /** Different asking prices, so the market has a choice to make: 0.9, 1.2, 1.5 ... CC per device-hour. */
    private static String priceOf(int index) {
        return Amounts.credits(Amounts.parseCredits("0.9") + index * Amounts.parseCredits("0.3")).replace(" CC", "");
    }

    private JobView follow(Hash jobId) throws InterruptedException {
        if (interactive) {
            return JobFollower.withProgressBar(client, jobId, JOB_TIMEOUT);
        }
        var lastTenth = new int[] {-1};
        return JobFollower.untilFinished(client, jobId, JOB_TIMEOUT, job -> {
            var telemetry = job.telemetry();
            if (telemetry == null || telemetry.totalSteps() <= 0 || telemetry.curve().isEmpty()) {
                return;
            }
            int tenth = telemetry.step() * 10 / telemetry.totalSteps();
            if (tenth > lastTenth[0]) {
                lastTenth[0] = tenth;
                var last = telemetry.curve().getLast();
                step("  training on %s: step %d/%d, train loss %.3f, validation loss %.3f", labels.get(telemetry.provider()),
                        telemetry.step(), telemetry.totalSteps(), last.trainLoss(), last.valLoss());
            }
        });
    }

    private Map<String, Long> balances() {
        Map<String, Long> balances = new LinkedHashMap<>();
        for (String address : labels.keySet()) {
            if (!labels.get(address).equals("founder")) {
                balances.put(address, client.account(Address.parse(address)).balance());
            }
        }
        return balances;
    }

    /**
     * The ledger keeps moving while the report is made (the coordinator ticks its clock every
     * second), so the root that is compared is the one recorded at the height the audit replayed.
     */
    private DevnetReport report(JobView job, long creditsBought, Map<String, Long> before, Map<String, Long> after,
            JsonNode verification, DevnetReport.Verification audits, List<JobTelemetry.Point> curve, Path chart) {
        var supply = client.supply();
        var epochs = client.epochs(1_000);
        Map<String, Long> earnings = new LinkedHashMap<>();
        for (String address : after.keySet()) {
            if (labels.get(address).startsWith("provider-")) {
                earnings.put(address, after.get(address) - before.get(address));
            }
        }
        var outcome = job.telemetry() == null ? null : job.telemetry().outcome();
        var settlement = job.settlement();
        Map<String, String> accounts = new LinkedHashMap<>();
        labels.forEach((address, name) -> accounts.put(name, address));
        return new DevnetReport(
                NETWORK_ID,
                client.baseUrl(),
                consoleUrl(client.baseUrl()),
                1,
                "SETTLED".equals(job.status()) ? 1 : 0,
                providerCount,
                accounts,
                job.id(),
                job.lease() == null ? null : job.lease().provider(),
                job.resultHash(),
                outcome == null ? Double.NaN : outcome.finalTrainLoss(),
                outcome == null ? Double.NaN : outcome.finalValLoss(),
                curve.stream().map(p -> new double[] {p.step(), p.trainLoss(), p.valLoss()}).toList(),
                outcome == null ? List.of() : outcome.samples(),
                supply.price(),
                creditsBought,
                settlement == null ? 0 : settlement.charged(),
                settlement == null ? 0 : settlement.fee(),
                settlement == null ? 0 : settlement.refunded(),
                before,
                after,
                earnings,
                epochs.size(),
                epochs.stream().mapToLong(e -> e.providerEmission() + e.checkerEmission()).sum(),
                supply,
                verification.path("height").asLong(),
                verification.path("recordedStateRoot").asString(),
                verification.path("replayedStateRoot").asString(),
                verification.path("supplyConserved").asBoolean(),
                audits,
                Files.exists(chart) ? chart.toString() : null,
                dir.toString(),
                (System.nanoTime() - startNanos) / 1_000_000,
                null, null, null);
    }

    private void printSummary(DevnetReport report, List<JobTelemetry.Point> curve) {
        console.println();
        console.println("=== Job " + report.jobId().substring(0, 12) + " ===");
        console.println("Ran on        " + labels.get(report.jobProvider()) + " (" + report.jobProvider() + ")");
        console.println("Model hash    " + report.modelSha256());
        console.printf("Final loss    train %.4f, validation %.4f (an untrained model scores about 3.30)%n",
                report.finalTrainLoss(), report.finalValLoss());
        console.println("Sample names  " + String.join(", ", report.samples()));
        console.print(LossChart.table(curve));
        if (report.lossChart() != null) {
            console.println("Loss chart    " + report.lossChart());
        }
        console.println();
        console.println("=== Money (exact micro units; GRID balances, credits in CC) ===");
        console.printf("%-12s %22s %22s %18s%n", "account", "before", "after", "change");
        report.balancesAfter().forEach((address, afterBalance) -> {
            long beforeBalance = report.balancesBefore().get(address);
            console.printf("%-12s %22s %22s %18s%n", labels.get(address), Amounts.grid(beforeBalance), Amounts.grid(afterBalance),
                    signed(afterBalance - beforeBalance));
        });
        console.println("Charged       " + Amounts.credits(report.charged()) + " for the compute used, billed per second and"
                + " paid out in GRID from the vault; protocol fee " + Amounts.credits(report.protocolFee())
                + " to the treasury; " + Amounts.credits(report.refunded()) + " of escrow refunded");
        console.println();
        console.println("=== Ledger ===");
        console.println("Height        " + report.ledgerHeight());
        console.println("State root    " + report.stateRoot());
        console.println("Replayed root " + report.replayedStateRoot() + " (fresh process, log replayed from scratch)"
                + (report.stateRoot().equals(report.replayedStateRoot()) ? "  OK" : "  MISMATCH"));
        var supply = report.supply();
        console.println("Supply        conserved: " + report.supplyConserved() + "; outstanding " + Amounts.grid(supply.outstanding())
                + " = circulating " + Amounts.grid(supply.circulating()) + " + staked " + Amounts.grid(supply.staked())
                + " + vault " + Amounts.grid(supply.vault()) + " + rewards " + Amounts.grid(supply.rewardPool())
                + " + vesting " + Amounts.grid(supply.vestingLocked()));
        console.println("Epochs        " + report.epochsClosed() + " closed, " + Amounts.grid(report.emitted())
                + " emitted to providers' rewards (claim with: gridmint stake claim)");
        console.println("Vault         collateral ratio " + (supply.collateralRatioBps() < 0 ? "n/a"
                : String.format("%.4f", supply.collateralRatioBps() / 10_000.0)) + " (" + supply.breaker() + "), oracle "
                + Amounts.price(supply.price()));
        console.println("Logs          " + dir.resolve("logs"));
        console.printf("Elapsed       %.1f s%n", report.elapsedMs() / 1000.0);
    }

    private static String signed(long amount) {
        return (amount > 0 ? "+" : "") + Amounts.grid(amount).replace(" GRID", "");
    }

    private void step(String format, Object... args) {
        console.printf("[%5.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, String.format(format, args));
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private void awaitCondition(String what, int timeoutSeconds, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception notYet) {
                // keep waiting
            }
            for (NodeProcess node : nodes) {
                if (!node.isAlive()) {
                    throw new IllegalStateException(node.name() + " exited while waiting for " + what + "; see " + node.log());
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("timed out after " + timeoutSeconds + " s waiting for " + what + "; see " + dir.resolve("logs"));
    }

    private static boolean isFree(int port) {
        try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Override
    public synchronized void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
        nodes.clear();
    }
}
