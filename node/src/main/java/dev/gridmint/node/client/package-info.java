/**
 * A Java client of the coordinator's REST API, shared by the CLI, the agent and the tests.
 */
package dev.gridmint.node.client;
