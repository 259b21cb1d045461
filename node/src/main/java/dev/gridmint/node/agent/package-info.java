/**
 * The provider agent process: hardware discovery, the outbound link to the coordinator and the
 * workloads it runs as child processes.
 */
package dev.gridmint.node.agent;
