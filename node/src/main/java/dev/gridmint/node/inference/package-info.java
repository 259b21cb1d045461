/**
 * The inference network. {@code openai}: the OpenAI wire format, parsed strictly, shared by both ends.
 * {@code serve}: the model server an inference job runs on a provider, behind a loopback port the agent
 * exposes through its port tunnel. {@code gateway}: the coordinator's OpenAI-compatible front door, with
 * API keys, rate limits, metering, routing and failover.
 */
package dev.gridmint.node.inference;
