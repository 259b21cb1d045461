package dev.gridmint.node.inference.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.node.workload.WorkloadCatalog;
import dev.gridmint.workloads.gpt.GptConfig;
import dev.gridmint.workloads.gpt.GptModel;
import dev.gridmint.workloads.gpt.Gpt;
import dev.gridmint.workloads.names.NamesDataset;
import dev.gridmint.workloads.serve.Generation;
import dev.gridmint.workloads.serve.Sampling;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactsTest {

    @TempDir
    Path dir;

    @Test
    void theTinyLlamaIsOneFileWhoseBytesTheSeedFixes() {
        byte[] archive = TinyLlama.archive(7);
        assertThat(TinyLlama.archive(7)).isEqualTo(archive);
        assertThat(TinyLlama.archive(8)).isNotEqualTo(archive);
        assertThat(ModelArtifacts.detect(Arrays.copyOf(archive, 512))).isEqualTo(ModelArtifacts.Format.LLAMA_TAR);
    }

    @Test
    void aLlamaArchiveIsServedByJlamaUnderItsNameAndHash() throws Exception {
        byte[] archive = TinyLlama.archive(7);
        String sha = GptModel.sha256Hex(archive);
        List<String> args = List.of("--model-artifact", "sha256:" + sha, "--name", TinyLlama.NAME);
        Path file = write("a.model", archive);
        ServedModel served = ModelLoader.load(args, hex -> {
            assertThat(hex).isEqualTo(sha);
            return file;
        }, dir.resolve("work"));
        assertThat(served.id()).isEqualTo("tiny-llama-" + sha.substring(0, 12)).isEqualTo(ModelLoader.modelOf(args).orElseThrow());
        assertThat(served.sha256()).isEqualTo(sha);
        var chat = ((ServedModel.Chat) served).model();
        Sampling sampling = new Sampling(16, 1.0, 1.0, 5, List.of());
        Generation first = chat.generate("Hi", sampling, t -> { });
        assertThat(chat.generate("Hi", sampling, t -> { })).isEqualTo(first);
        assertThat(dir.resolve("work")).isNotEmptyDirectory();
        ((LlamaChatModel) chat).close();
        assertThat(dir.resolve("work")).as("the unpacked model goes with the job").isEmptyDirectory();
    }

    @Test
    void aGptExportIsServedByOurOwnCode() throws Exception {
        int vocabulary = NamesDataset.bundled().vocabulary().size();
        GptConfig config = new GptConfig(vocabulary, 16, 16, 1, 2);
        byte[] export = new GptModel(NamesDataset.bundled().vocabulary(), Gpt.initialize(config, new SplittableRandom(3))).toBytes();
        String sha = GptModel.sha256Hex(export);
        Path file = write("g.model", export);
        ServedModel served = ModelLoader.load(List.of("--model-artifact", "sha256:" + sha), hex -> file, dir);
        assertThat(served.id()).isEqualTo("model-" + sha.substring(0, 12));
        Generation answer = ((ServedModel.Chat) served).model().generate("", new Sampling(10, 0.0, 1.0, 1, List.of()), t -> { });
        assertThat(answer.completionTokens()).isEqualTo(10);
    }

    @Test
    void unknownUnsupportedAndCorruptFilesHaveClearCodes() throws Exception {
        refused(ModelFormatException.UNKNOWN, "random.model", new byte[] {1, 2, 3, 4, 5});
        refused(ModelFormatException.UNKNOWN, "empty.model", new byte[0]);
        refused(ModelFormatException.UNSUPPORTED, "m.gguf", "GGUF\3\0\0\0 and more".getBytes(StandardCharsets.US_ASCII));
        refused(ModelFormatException.CORRUPT, "short.gpt", Arrays.copyOf(GptModel.MAGIC, 12));
        byte[] archive = TinyLlama.archive(7);
        refused(ModelFormatException.CORRUPT, "cut.tar", Arrays.copyOf(archive, archive.length / 2));
        byte[] flipped = archive.clone();
        flipped[10] ^= 1; // inside the first header's name: its checksum no longer matches
        refused(ModelFormatException.CORRUPT, "flip.tar", flipped);
        refused(ModelFormatException.CORRUPT, "escape.tar", tar("../config.json", "{}"));
        refused(ModelFormatException.CORRUPT, "partial.tar", tar("config.json", "{\"model_type\":\"llama\"}"));
        Map<String, byte[]> bert = new LinkedHashMap<>();
        bert.put("config.json", "{\"model_type\":\"bert\"}".getBytes(StandardCharsets.UTF_8));
        bert.put("tokenizer.json", "{}".getBytes(StandardCharsets.UTF_8));
        bert.put("model.safetensors", new byte[8]);
        refused(ModelFormatException.UNSUPPORTED, "bert.tar", ModelTar.write(bert));
    }

    @Test
    void aJobNamesAnArtifactByItsHashWithAPlainName() {
        String hash = "sha256:" + "ab".repeat(32);
        assertThat(WorkloadCatalog.problem("serve-model", List.of("--model-artifact", hash))).isEmpty();
        assertThat(WorkloadCatalog.problem("serve-model", List.of("--model-artifact", hash, "--name", "tiny-llama"))).isEmpty();
        assertThat(WorkloadCatalog.problem("serve-model", List.of("--model-artifact", "ab".repeat(32)))).isPresent();
        assertThat(WorkloadCatalog.problem("serve-model", List.of("--model-artifact", hash, "--name", "Bad Name"))).isPresent();
        assertThat(WorkloadCatalog.problem("serve-model", List.of("--model-artifact", hash, "--model", "gridmint-names"))).isPresent();
        assertThat(WorkloadCatalog.problem("serve-model", List.of("--model", "gridmint-names", "--name", "x"))).isPresent();
        assertThat(ModelLoader.modelOf(List.of("--model-artifact", hash))).hasValue("model-abababababab");
        assertThatThrownBy(() -> ModelLoader.load(List.of("--model-artifact", hash), sha -> {
            throw new java.io.IOException("no such artifact");
        }, dir)).isInstanceOf(ModelFormatException.class)
                .satisfies(e -> assertThat(((ModelFormatException) e).code()).isEqualTo(ModelFormatException.UNAVAILABLE));
    }

    private void refused(String code, String name, byte[] content) throws Exception {
        Path file = write(name, content);
        ThrowingCallable load = () -> ModelArtifacts.load("m", "00", file, dir.resolve("work-" + name));
        assertThatThrownBy(load).as(name).isInstanceOf(ModelFormatException.class)
                .satisfies(e -> assertThat(((ModelFormatException) e).code()).as(name + ": " + e.getMessage()).isEqualTo(code));
        Path work = dir.resolve("work-" + name);
        if (Files.exists(work)) {
            assertThat(work).as("nothing half-unpacked is left").isEmptyDirectory();
        }
    }

    private static byte[] tar(String name, String content) {
        return ModelTar.write(Map.of(name, content.getBytes(StandardCharsets.UTF_8)));
    }

    private Path write(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }
}
