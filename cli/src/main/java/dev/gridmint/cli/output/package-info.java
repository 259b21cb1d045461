/**
 * Output for people and scripts: exact GRID amounts and one-line JSON.
 */
package dev.gridmint.cli.output;
