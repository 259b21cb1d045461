/**
 * The one JSON configuration every process uses: strict on input.
 */
package dev.gridmint.node.json;
