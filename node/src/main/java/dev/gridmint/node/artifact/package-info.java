/**
 * Content-addressed artifacts (job inputs, outputs, checkpoints, models, logs): the coordinator's
 * disk store with its metadata and retention, and the signed statement an upload carries.
 */
package dev.gridmint.node.artifact;
