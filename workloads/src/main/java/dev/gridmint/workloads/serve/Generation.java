package dev.gridmint.workloads.serve;

/**
 * One generated text: what the prompt counted, how many tokens were drawn, and why drawing ended.
 *
 * @param finishReason {@code "stop"} when the model ended or a stop sequence was reached, {@code "length"} at the token limit
 */
public record Generation(String text, int promptTokens, int completionTokens, String finishReason) {}
