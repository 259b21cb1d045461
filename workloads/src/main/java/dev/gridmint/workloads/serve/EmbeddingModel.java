package dev.gridmint.workloads.serve;

/** A text embedder served to tenants. */
public interface EmbeddingModel {

    String id();

    /** The lowercase hex SHA-256 of the model's weights file. */
    String sha256();

    int dimension();

    /** The vector for {@code text} and the tokens it counted. */
    Embedded embed(String text);

    record Embedded(float[] vector, int tokens) {}
}
