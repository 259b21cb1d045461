/**
 * Content-addressed training checkpoints: blobs stored by SHA-256 and a small binary
 * {@link dev.gridmint.workloads.checkpoint.Manifest} naming them, whose own hash identifies the checkpoint.
 * This is I/O at the edge of the pure trainer, so its errors are exceptions with stable codes.
 */
package dev.gridmint.workloads.checkpoint;
