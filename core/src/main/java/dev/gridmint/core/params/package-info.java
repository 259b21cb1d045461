/**
 * Governance parameters: every number the economic rules use, in one record ({@link
 * dev.gridmint.core.params.NetworkParams}) grouped by concern. Genesis sets them; afterwards only
 * an approved council proposal changes them. Each record checks its own ranges, so a decoded or
 * proposed set of parameters is valid or refused as a whole.
 */
package dev.gridmint.core.params;
