package dev.gridmint.node.agent.hardware;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the probing tools, each with a time limit and a cap on what it may print. */
@FunctionalInterface
public interface Commands {

    /** The command's output, or empty when it is not installed. */
    Optional<CommandOutput> run(List<String> command);

    /** The machine's own tools: 10 s and 1 MiB each at most. */
    Commands SYSTEM = command -> {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readNBytes(1 << 20);
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of(new CommandOutput(-1, command.getFirst() + " did not finish within 10 s"));
            }
            return Optional.of(new CommandOutput(process.exitValue(), new String(output, StandardCharsets.UTF_8)));
        } catch (IOException notInstalled) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new CommandOutput(-1, "interrupted"));
        }
    };
}
