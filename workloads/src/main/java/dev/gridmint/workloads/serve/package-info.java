/**
 * Models served for inference, behind two small interfaces of ours: {@link dev.gridmint.workloads.serve.ChatModel}
 * for text generation and {@link dev.gridmint.workloads.serve.EmbeddingModel} for vectors. Generation is seeded:
 * the caller passes the seed, so equal requests give equal tokens on every provider, which is what spot checks compare.
 */
package dev.gridmint.workloads.serve;
