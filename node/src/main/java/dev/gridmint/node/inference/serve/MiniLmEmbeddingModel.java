package dev.gridmint.node.inference.serve;

import dev.gridmint.workloads.names.NamesModel;
import dev.gridmint.workloads.serve.EmbeddingModel;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * all-MiniLM-L6-v2 (384 dimensions), run by ONNX Runtime from the weights that ship inside the
 * LangChain4j jar: nothing downloads at run time. Identified by the SHA-256 of that ONNX file.
 */
public final class MiniLmEmbeddingModel implements EmbeddingModel {

    public static final String ID = "all-minilm-l6-v2";
    private static final String WEIGHTS = "/all-minilm-l6-v2.onnx";

    private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
    private final String sha256 = hashWeights();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public Embedded embed(String text) {
        Response<Embedding> response = model.embed(text);
        Integer tokens = response.tokenUsage() == null ? null : response.tokenUsage().inputTokenCount();
        return new Embedded(response.content().vector(), tokens == null ? 0 : tokens);
    }

    private static String hashWeights() {
        try (InputStream in = AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream(WEIGHTS)) {
            if (in == null) {
                throw new IllegalStateException("the MiniLM weights are not on the classpath");
            }
            return NamesModel.sha256Hex(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
