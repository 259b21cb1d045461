/**
 * gridmint devnet: a whole local network in separate JVMs, a real training job, and its audit.
 */
package dev.gridmint.cli.devnet;
