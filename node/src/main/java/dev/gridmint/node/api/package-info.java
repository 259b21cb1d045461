/**
 * The JSON shapes of the coordinator's API, its error body, and the job telemetry it serves.
 */
package dev.gridmint.node.api;
