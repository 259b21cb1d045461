/**
 * The coordinator process: its wiring, REST API, event stream, agent hub, scheduler and metrics.
 */
package dev.gridmint.node.coordinator;
