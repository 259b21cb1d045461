/**
 * What the network runs: the catalogue of built-in workloads and their allowed options.
 */
package dev.gridmint.node.workload;
