package dev.gridmint.workloads;

import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.models.TrainingModels;
import dev.gridmint.workloads.worker.Cheat;
import dev.gridmint.workloads.worker.DdpWorker;
import dev.gridmint.workloads.worker.DilocoWorker;
import dev.gridmint.workloads.worker.HttpRoundTransport;
import dev.gridmint.workloads.worker.RoundTransport;
import dev.gridmint.workloads.worker.SessionInfo;
import dev.gridmint.workloads.worker.TrainingAuth;
import dev.gridmint.workloads.worker.WorkerKey;
import dev.gridmint.workloads.worker.WorkerReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code diloco-worker} and {@code ddp-worker}: a training worker JVM that works for a round service. stdout
 * gets one JSON object per line: {@code {"event":"round",...}} after each round (or step), then
 * {@code {"event":"result","theta_hash":...}}.
 */
final class WorkerCommand {

    static final String DILOCO = "diloco-worker";
    static final String DDP = "ddp-worker";
    /** The network workload: a DiLoCo worker of a job, joining by its provider's key and exporting the model. */
    static final String NETWORK = "diloco";
    /** The exported model's file name in {@code --out}. */
    static final String MODEL_FILE = "model.bin";

    static final String USAGE = """
              diloco-worker   a DiLoCo worker for a coordinator's training session
              ddp-worker      a data-parallel (baseline) worker for a coordinator's training session
              diloco          a DiLoCo worker of a network job: joins the job's session on the coordinator
                              by its key (which must hold a live lease on the job), trains the rounds the
                              session assigns, then writes the final model to --out

            Options for diloco-worker and ddp-worker:
              --coordinator URL  the coordinator's HTTP address (required)
              --session ID       the training session (required)
              --worker N         this worker's number in the session (required, except for diloco)
              --key FILE         the worker's Ed25519 keypair file, a JSON array of 64 bytes (required)
              --model NAME       the model the session must train (default: the session's; known: %s)
              --out DIR          where diloco writes the final model (required for diloco only)
            """.formatted(String.join(", ", TrainingModels.names()));

    /** {@code cheat} and {@code fromRound} are test-only and not in the help. */
    private record Args(URI coordinator, String session, int worker, Path key, String model, Cheat cheat,
            long fromRound, Path out) {}

    private WorkerCommand() {
    }

    static int run(String command, String[] args, PrintStream out, PrintStream err) {
        Args parsed;
        try {
            parsed = parse(command, args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run with --help for usage.");
            return WorkloadMain.EXIT_USAGE;
        }
        try {
            HttpRoundTransport transport = new HttpRoundTransport(parsed.coordinator(), parsed.session(),
                    parsed.worker(), WorkerKey.read(parsed.key()));
            SessionInfo info = transport.info();
            if (parsed.model() != null && !parsed.model().equals(info.model())) {
                err.println(command + ": the session trains '" + info.model() + "', not '" + parsed.model() + "'");
                return WorkloadMain.EXIT_FAILURE;
            }
            TrainingModel model = TrainingModels.named(info.model()).orElseThrow(
                    () -> new IOException("the session's model '" + info.model() + "' is unknown here"));
            if (command.equals(NETWORK)) {
                return NetworkWorker.run(transport, model, info, parsed.out(), out);
            }
            Consumer<WorkerReport> reports = r -> printRound(out, r);
            String hash = command.equals(DDP)
                    ? new DdpWorker(transport, model, info, parsed.worker()).run(reports)
                    : new DilocoWorker(transport, model, info, parsed.cheat())
                            .run(parsed.fromRound(), reports);
            out.println("{\"event\":\"result\",\"theta_hash\":" + Json.string(hash) + "}");
            out.flush();
            return WorkloadMain.EXIT_OK;
        } catch (IOException | RuntimeException e) {
            err.println(command + ": failed: " + e.getMessage());
            return WorkloadMain.EXIT_FAILURE;
        }
    }

    static void printRound(PrintStream out, WorkerReport r) {
        out.println("{\"event\":\"round\",\"round\":" + r.round() + ",\"shard\":" + r.shard()
                + ",\"inner_loss\":" + Json.number(r.innerLoss()) + ",\"tokens\":" + r.tokens() + "}");
        out.flush();
    }

    private static Args parse(String command, String[] args) throws UsageException {
        Map<String, String> options = CommandLine.options(args);
        boolean network = command.equals(NETWORK);
        for (String name : options.keySet()) {
            boolean allowed = network ? name.matches("--(coordinator|session|key|model|out)")
                    : name.matches("--(coordinator|session|worker|key|model|cheat|from-round)");
            if (!allowed) {
                throw new UsageException("unknown option '" + name + "' for " + command);
            }
        }
        String session = required(options, "--session");
        if (!TrainingAuth.SESSION_ID.matcher(session).matches()) {
            throw new UsageException("--session must match " + TrainingAuth.SESSION_ID.pattern());
        }
        // a network worker's number is the session's to give when it joins
        int worker = network ? -1 : CommandLine.parseInt("--worker", required(options, "--worker"));
        long fromRound = CommandLine.parseLong("--from-round", options.getOrDefault("--from-round", "0"));
        if ((!network && worker < 0) || fromRound < 0) {
            throw new UsageException("--worker and --from-round must be >= 0");
        }
        URI coordinator;
        try {
            coordinator = new URI(required(options, "--coordinator"));
        } catch (URISyntaxException e) {
            throw new UsageException("--coordinator is not a URL: " + e.getMessage());
        }
        if (!"http".equals(coordinator.getScheme()) && !"https".equals(coordinator.getScheme())) {
            throw new UsageException("--coordinator must be an http(s) URL");
        }
        String model = options.get("--model");
        if (model != null && TrainingModels.named(model).isEmpty()) {
            throw new UsageException("unknown --model '" + model + "'; known: " + TrainingModels.names());
        }
        Cheat cheat;
        try {
            cheat = Cheat.valueOf(options.getOrDefault("--cheat", "none").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown --cheat");
        }
        Path out = network ? CommandLine.parsePath("--out", required(options, "--out")) : null;
        return new Args(coordinator, session, worker, CommandLine.parsePath("--key", required(options, "--key")),
                model, cheat, fromRound, out);
    }

    private static String required(Map<String, String> options, String name) throws UsageException {
        String value = options.get(name);
        if (value == null || value.isEmpty()) {
            throw new UsageException(name + " is required");
        }
        return value;
    }
}
