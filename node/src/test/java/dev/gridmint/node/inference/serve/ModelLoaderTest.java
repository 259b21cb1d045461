package dev.gridmint.node.inference.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.node.workload.WorkloadCatalog;
import dev.gridmint.workloads.serve.NamesChatModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelLoaderTest {

    @Test
    void anInferenceJobMustNameAModelWeServeWithSaneOptions() {
        assertThat(WorkloadCatalog.problem("serve-model", List.of("--model", NamesChatModel.ID))).isEmpty();
        assertThat(WorkloadCatalog.problem("serve-model", List.of("--model", "gpt-17"))).get().asString().contains("--model");
        assertThat(WorkloadCatalog.problem("serve-model", List.of())).isPresent();
        assertThat(WorkloadCatalog.problem("serve-model", List.of("--model", NamesChatModel.ID, "--steps", "999999"))).isPresent();
        assertThat(WorkloadCatalog.problem("serve-model", List.of("--model", NamesChatModel.ID, "--seed", "x"))).isPresent();
        assertThat(WorkloadCatalog.problem("serve-model", List.of("--model", NamesChatModel.ID, "--temperature", "1"))).isPresent();
    }

    @Test
    void equalArgumentsLoadTheSameWeights() {
        List<String> args = List.of("--model", NamesChatModel.ID, "--seed", "3", "--steps", "20");
        ServedModel first = ModelLoader.load(args);
        assertThat(first).isInstanceOf(ServedModel.Chat.class);
        assertThat(ModelLoader.load(args).sha256()).isEqualTo(first.sha256()).hasSize(64);
        assertThat(ModelLoader.modelOf(args)).hasValue(NamesChatModel.ID);
        assertThatThrownBy(() -> ModelLoader.load(List.of("--model", "nope"))).isInstanceOf(IllegalArgumentException.class);
    }
}
