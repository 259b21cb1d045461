package dev.gridmint.node.agent.hardware;

/** What a command printed (stdout and stderr together) and how it exited. */
public record CommandOutput(int exitCode, String text) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
