package dev.gridmint.cli;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.logs.LogLine;
import dev.gridmint.node.logs.LogPage;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Prints a job's stdout and stderr as the coordinator keeps them; -f follows them live until the job ends."
                + " Example: gridmint job logs JOB_ID -f")
final class JobLogsCommand implements Callable<Integer> {

    private static final int PAGE = 1_000;

    @Mixin
    CoordinatorOptions coordinator;

    @Parameters(paramLabel = "JOB_ID")
    String id;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the job ends.")
    boolean follow;

    @Option(names = "--from", defaultValue = "0", paramLabel = "INDEX", description = "Start at this line (default ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--json", description = "One JSON object per line (JSON lines), for scripts.")
    boolean json;

    @Override
    public Integer call() {
        if (from < 0) {
            throw new UserError("--from must not be negative");
        }
        Hash jobId = Inputs.jobId(id);
        CoordinatorClient client = coordinator.client();
        if (follow) {
            long dropped = client.followLogs(jobId, from, this::print);
            if (!json && dropped > 0) {
                System.err.println(dropped + " lines were dropped by the coordinator's limits");
            }
            return 0;
        }
        long next = from;
        while (true) {
            LogPage page = client.jobLogs(jobId, next, PAGE);
            page.lines().forEach(this::print);
            if (page.lines().size() < PAGE) {
                return 0;
            }
            next = page.next();
        }
    }

    private void print(LogLine line) {
        if (json) {
            System.out.println(Json.write(line));
        } else {
            System.out.println(line.stream().equals("stdout") ? line.text() : "[" + line.stream() + "] " + line.text());
        }
    }
}
