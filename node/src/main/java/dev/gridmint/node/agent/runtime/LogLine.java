package dev.gridmint.node.agent.runtime;

/** One line a job printed, without its line break; lines longer than the runtime's cap are cut and marked. */
public record LogLine(Stream stream, String text) {

    public enum Stream { STDOUT, STDERR }
}
