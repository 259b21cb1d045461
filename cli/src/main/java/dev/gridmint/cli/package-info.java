/**
 * The gridmint command line (picocli): one class per command, the process edge where errors
 * become messages and exit codes.
 */
package dev.gridmint.cli;
