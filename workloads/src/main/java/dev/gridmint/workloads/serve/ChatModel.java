package dev.gridmint.workloads.serve;

import java.util.function.Consumer;

/**
 * A text generator served to tenants. Implementations are deterministic for a given prompt and
 * {@link Sampling}, and report each token to {@code onToken} as it is drawn, so a server can stream it.
 */
public interface ChatModel {

    /** The name clients ask for, e.g. {@code gridmint-names}. */
    String id();

    /** The lowercase hex SHA-256 of the model's weights file: what identifies it across providers. */
    String sha256();

    /** Tokens in {@code text} as this model counts them. */
    int countTokens(String text);

    Generation generate(String prompt, Sampling sampling, Consumer<String> onToken);
}
