package dev.gridmint.workloads;

/** A bad command line: {@link WorkloadMain} prints the message and exits with {@link WorkloadMain#EXIT_USAGE}. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
