package dev.gridmint.cli;

import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
import picocli.CommandLine;

/** Process entry point: runs the command and turns edge exceptions into a message and an exit code. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        var commandLine = new CommandLine(new GridmintCommand());
        commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> {
            String message = switch (error) {
                case CoordinatorException e -> e.getMessage();
                case UserError e -> e.getMessage();
                default -> error.getClass().getSimpleName() + ": " + error.getMessage();
            };
            cmd.getErr().println("error: " + message);
            return error instanceof UserError ? 2 : 1;
        });
        return commandLine.execute(args);
    }
}
