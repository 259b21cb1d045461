/**
 * Job logs: the coordinator's bounded, rate-limited, persisted history of each job's stdout and
 * stderr lines, and the redaction the agent applies before a line leaves the provider's machine.
 */
package dev.gridmint.node.logs;
