package dev.gridmint.cli.devnet;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gridmint.cli.output.JsonOut;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "devnet", mixinStandardHelpOptions = true,
        description = {
            "Starts a whole local network: a coordinator and provider agents, each in its own JVM, plus a user wallet.",
            "Unless --ci, it serves a chat model and an embedding model through the OpenAI gateway (each on a provider of",
            "its own) and prints alice's API key and curl lines. It submits a real training job (a character-level language model on 4,951 names), shows its progress,",
            "and prints who ran it, the loss curve, the model's hash, every balance before and after, the fee and the",
            "ledger's state root, checked by replaying the log in a fresh process. Then it keeps the network running",
            "until Ctrl-C (or exits, with --ci)."
        })
public final class DevnetCommand implements Callable<Integer> {

    @Option(names = "--ci", description = "Exit when the job is settled and checked, instead of staying up.")
    boolean ci;

    @Option(names = "--json", description = {"Print one JSON object with the results as the last line. Without --ci it first prints",
            "{\"event\":\"ready\",\"api_url\",\"console_url\",\"api_key\",\"chat_model\",\"embedding_model\"} once the network is up",
            "and its models answer (for scripts and browser tests)."})
    boolean json;

    @Option(names = "--dir", defaultValue = ".devnet", description = "Working directory, wiped at start (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--providers", defaultValue = "3", description = "Provider agents to start, 1 to 8 (default ${DEFAULT-VALUE}).")
    int providers;

    @Option(names = "--port", defaultValue = "7070", description = "Coordinator port; a free one is used if taken (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--steps", defaultValue = "1500", description = "Training steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "42", description = "Training seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--container-job", description = {"Also run one busybox job in a real podman container (64 MB, no network)",
            "and add container_job_ok, container_log_tail and container_billed_cc to the JSON; needs podman",
            "(bash ../shared/tools/setup-podman.sh)."})
    boolean containerJob;

    @Override
    public Integer call() throws Exception {
        if (providers < 1 || providers > 8) {
            throw new dev.gridmint.cli.UserError("--providers must be 1 to 8");
        }
        if (steps < 1 || steps > 100_000) {
            throw new dev.gridmint.cli.UserError("--steps must be 1 to 100000");
        }
        if (containerJob && !podmanInstalled()) {
            throw new dev.gridmint.cli.UserError("--container-job needs podman and the busybox image: run bash ../shared/tools/setup-podman.sh");
        }
        System.setProperty("java.awt.headless", "true");
        var console = json ? System.err : System.out;
        BiConsumer<String, DevnetInference.Serving> onReady = (apiUrl, serving) -> {
            if (json && !ci) {
                JsonOut.print(System.out, new Ready("ready", apiUrl, Devnet.consoleUrl(apiUrl), serving.apiKey(), serving.chatModel(),
                        serving.embeddingModel()));
            }
        };
        try (var devnet = new Devnet(dir.toAbsolutePath(), providers, port, steps, seed, console, !ci, onReady, containerJob, !ci)) {
            DevnetReport report = devnet.run();
            if (json) {
                JsonOut.print(System.out, report);
            }
            if (!ci) {
                devnet.waitForCtrlC();
            }
            return report.jobsCompleted() == report.jobsSubmitted() && report.supplyConserved()
                    && report.stateRoot().equals(report.replayedStateRoot())
                    && (!containerJob || Boolean.TRUE.equals(report.containerJobOk())) ? 0 : 1;
        }
    }

    private static boolean podmanInstalled() throws InterruptedException {
        try {
            Process probe = new ProcessBuilder("podman", "--version").redirectErrorStream(true).start();
            probe.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return probe.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The line a script waits for before it uses the network. */
    record Ready(String event, @JsonProperty("api_url") String apiUrl, @JsonProperty("console_url") String consoleUrl,
            @JsonProperty("api_key") String apiKey, @JsonProperty("chat_model") String chatModel,
            @JsonProperty("embedding_model") String embeddingModel) {}
}
