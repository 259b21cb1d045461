package dev.gridmint.node.agent;

/**
 * TEST ONLY: ways an agent can lie, so the acceptance tests and the devnet can show the
 * verification layer catching a cheater with real agents. A real provider runs {@link #NONE}; the
 * CLI hides the option that sets the others.
 */
public enum Cheat {
    /** An honest agent. */
    NONE,
    /** Registers an H100-80GB whatever the hardware, to be paid a GPU's rate for a CPU. */
    SPOOF,
    /** Answers proof-of-GPU challenges with a corrupted product, as a lazy or faulty device would. */
    WRONG_PRODUCT,
    /** Signs {@code CompleteJob} with a corrupted result hash, as a provider faking its work would: spot checks catch it. */
    WRONG_RESULT,
    /** Serves its models with altered outputs (a changed first character, a shifted vector): gateway spot checks catch it. */
    ALTER_OUTPUT,
    /** Answers every relayed service request {@link #SLOW_SERVICE_DELAY} late, as an overloaded machine would: hedging routes around it. */
    SLOW_SERVICE;

    /** How late a {@link #SLOW_SERVICE} agent answers. */
    public static final java.time.Duration SLOW_SERVICE_DELAY = java.time.Duration.ofSeconds(3);

    /** The model a spoofing agent claims. */
    public static final String SPOOFED_MODEL = "H100-80GB";
}
