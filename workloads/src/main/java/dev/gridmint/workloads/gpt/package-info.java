/**
 * A small decoder-only transformer language model at character level ({@link dev.gridmint.workloads.gpt.Gpt}),
 * its corpus ({@link dev.gridmint.workloads.gpt.CharCorpus}, names as a character stream), its exported
 * artifact with deterministic generation ({@link dev.gridmint.workloads.gpt.GptModel}), a single-worker
 * trainer, and the {@link dev.gridmint.workloads.train.Replica} that distributed trainers drive. Pure and
 * single-threaded: no clock, no global randomness, and bit-identical results for equal seeds.
 */
package dev.gridmint.workloads.gpt;
