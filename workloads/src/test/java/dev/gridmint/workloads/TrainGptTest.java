package dev.gridmint.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.workloads.checkpoint.CheckpointStore;
import dev.gridmint.workloads.checkpoint.Manifest;
import dev.gridmint.workloads.gpt.GptModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainGptTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return WorkloadMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<Map<String, Object>> events() {
        return out.toString(StandardCharsets.UTF_8).lines().map(MiniJson::object).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "train-gpt",                                            // --out missing
        "train-gpt --out D --colour blue",
        "train-gpt --out D --steps 0",
        "train-gpt --out D --batch 1025",
        "train-gpt --out D --lr 1e-3x",
        "train-gpt --out D --checkpoint-every 5",               // no --checkpoint-dir
        "train-gpt --out D --checkpoint-every -1 --checkpoint-dir D",
        "train-gpt --out D --resume D --seed 3",                // the checkpoint fixes the seed
        "train-gpt --out D --resume D --steps 30",
        "train-gpt --out D --seed 1 --seed 2",
        "train-gpt --out D stray",
    })
    void rejectsBadArgumentsWithExitCodeTwo(String commandLine) {
        String[] args = commandLine.split(" ");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("D")) {
                args[i] = tmp.resolve("never").toString();
            }
        }
        assertThat(run(args)).isEqualTo(WorkloadMain.EXIT_USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isNotBlank();
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    @Test
    void helpDescribesTrainGpt() {
        assertThat(run("train-gpt", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("train-gpt", "--checkpoint-every", "--resume");
    }

    @Test
    void checkpointsResumeToTheSameModelAndCorruptionIsCaught() throws Exception {
        Path store = tmp.resolve("ckpt");
        int code = run("train-gpt", "--seed", "4", "--steps", "12", "--batch", "4", "--eval-every", "6",
                "--checkpoint-every", "5", "--checkpoint-dir", store.toString(), "--out", tmp.resolve("a").toString());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<Map<String, Object>> events = events();
        assertThat(events).extracting(e -> e.get("event"))
                .containsExactly("checkpoint", "progress", "checkpoint", "progress", "result");
        assertThat(events.get(0)).containsOnlyKeys("event", "step", "manifest_sha256", "manifest");
        assertThat(events.get(0).get("step")).isEqualTo(5.0);
        assertThat(events.get(2).get("step")).isEqualTo(10.0);
        Map<String, Object> result = events.getLast();
        assertThat(result).containsKeys("model_sha256", "params_sha256", "artifact", "final_val_loss", "samples");
        byte[] model = Files.readAllBytes(Path.of((String) result.get("artifact")));
        assertThat(result.get("model_sha256")).isEqualTo(GptModel.sha256Hex(model));
        assertThat(result.get("params_sha256")).isEqualTo(GptModel.fromBytes(model).parametersSha256());

        String manifest = (String) events.get(0).get("manifest");
        assertThat(run("train-gpt", "--resume", manifest, "--out", tmp.resolve("b").toString())).isZero();
        List<Map<String, Object>> resumed = events();
        assertThat(resumed).extracting(e -> e.get("event")).containsExactly("progress", "progress", "result");
        assertThat(resumed.getLast().get("model_sha256")).isEqualTo(result.get("model_sha256"));
        assertThat(resumed.getLast().get("final_val_loss")).isEqualTo(result.get("final_val_loss"));

        Manifest parsed = Manifest.fromBytes(Files.readAllBytes(Path.of(manifest)));
        Path blob = store.resolve("blobs").resolve(parsed.blob(CheckpointStore.MODEL_BLOB).sha256());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[100] ^= 0x40;
        Files.write(blob, bytes);
        assertThat(run("train-gpt", "--resume", manifest, "--out", tmp.resolve("c").toString()))
                .isEqualTo(WorkloadMain.EXIT_FAILURE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("checkpoint.blob_hash_mismatch");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
