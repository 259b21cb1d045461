package dev.gridmint.node.inference.serve;

import dev.gridmint.workloads.serve.ChatModel;
import dev.gridmint.workloads.serve.EmbeddingModel;

/** What one inference job serves: a text generator or an embedder. */
public sealed interface ServedModel {

    String id();

    String sha256();

    record Chat(ChatModel model) implements ServedModel {
        @Override
        public String id() {
            return model.id();
        }

        @Override
        public String sha256() {
            return model.sha256();
        }
    }

    record Embedding(EmbeddingModel model) implements ServedModel {
        @Override
        public String id() {
            return model.id();
        }

        @Override
        public String sha256() {
            return model.sha256();
        }
    }
}
