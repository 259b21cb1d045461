package dev.gridmint.workloads.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.workloads.checkpoint.CheckpointException.Code;
import dev.gridmint.workloads.gpt.CharCorpus;
import dev.gridmint.workloads.gpt.GptConfig;
import dev.gridmint.workloads.gpt.GptTrainer;
import dev.gridmint.workloads.gpt.GptTrainingConfig;
import dev.gridmint.workloads.gpt.GptTrainingState;
import dev.gridmint.workloads.names.NamesDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path root;

    private static GptTrainingConfig config(int steps) {
        int vocabulary = NamesDataset.bundled().vocabulary().size();
        return new GptTrainingConfig(21, steps, 4, 3e-3, 0.01, steps, new GptConfig(vocabulary, 8, 16, 2, 2));
    }

    private static GptTrainingState initial(GptTrainingConfig config) {
        return GptTrainingState.initial(config, CharCorpus.bundled(8, 0, 1));
    }

    /** Train 9 steps uninterrupted; train 4, checkpoint, load in a fresh store, train 5: the same θ. */
    @Test
    void resumingFromADiskCheckpointIsBitIdentical() throws Exception {
        GptTrainingState uninterrupted = GptTrainer.train(initial(config(9)), 0, progress -> { });

        List<String> ids = new ArrayList<>();
        CheckpointStore store = new CheckpointStore(root);
        GptTrainer.train(initial(config(9)), 4, new GptTrainer.Listener() {
            @Override
            public void progress(dev.gridmint.workloads.gpt.GptProgress progress) {
            }

            @Override
            public void checkpoint(GptTrainingState state) {
                try {
                    ids.add(store.write(state));
                } catch (CheckpointException e) {
                    throw new AssertionError(e);
                }
            }
        });
        assertThat(ids).hasSize(2);

        GptTrainingState loaded = new CheckpointStore(root).read(ids.getFirst());
        assertThat(loaded.step()).isEqualTo(4);
        assertThat(loaded.cursor()).isEqualTo(4);
        assertThat(loaded.config()).isEqualTo(config(9));
        GptTrainingState resumed = GptTrainer.train(loaded, 0, progress -> { });
        assertThat(resumed.model().sha256()).isEqualTo(uninterrupted.model().sha256());
    }

    @Test
    void writeIsContentAddressedAndRoundTrips() throws Exception {
        GptTrainingState state = GptTrainer.train(initial(config(3)), 0, progress -> { });
        CheckpointStore store = new CheckpointStore(root);
        String id = store.write(state);
        assertThat(store.write(state)).isEqualTo(id);
        assertThat(Manifest.isSha256Hex(id)).isTrue();
        try (Stream<Path> blobs = Files.list(root.resolve("blobs"))) {
            assertThat(blobs.map(p -> p.getFileName().toString())).hasSize(2).allMatch(Manifest::isSha256Hex);
        }
        CheckpointStore.Located located = CheckpointStore.locate(store.manifestPath(id));
        GptTrainingState loaded = located.store().read(located.id());
        assertThat(loaded.model().toBytes()).isEqualTo(state.model().toBytes());
        assertThat(loaded.optimizer().stepCount()).isEqualTo(3);
        assertThat(loaded.optimizer().secondMoments()).isEqualTo(state.optimizer().secondMoments());
    }

    @Test
    void aCorruptedBlobFailsItsHashCheck() throws Exception {
        String id = new CheckpointStore(root).write(initial(config(2)));
        Path blob = largestBlob();
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 1;
        Files.write(blob, bytes);
        assertCode(id, Code.BLOB_HASH_MISMATCH);
    }

    @Test
    void writingAgainRepairsADamagedBlob() throws Exception {
        GptTrainingState state = initial(config(2));
        CheckpointStore store = new CheckpointStore(root);
        String id = store.write(state);
        Path blob = largestBlob();
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 1] ^= 1;
        Files.write(blob, bytes);
        assertThat(store.write(state)).isEqualTo(id);
        assertThat(store.read(id).step()).isZero();
    }

    @Test
    void aTruncatedBlobFailsItsSizeCheck() throws Exception {
        String id = new CheckpointStore(root).write(initial(config(2)));
        Path blob = largestBlob();
        byte[] bytes = Files.readAllBytes(blob);
        Files.write(blob, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertCode(id, Code.BLOB_SIZE_MISMATCH);
    }

    @Test
    void aMissingBlobIsReported() throws Exception {
        String id = new CheckpointStore(root).write(initial(config(2)));
        Files.delete(largestBlob());
        assertCode(id, Code.BLOB_MISSING);
    }

    @Test
    void aTamperedManifestNoLongerMatchesItsId() throws Exception {
        CheckpointStore store = new CheckpointStore(root);
        String id = store.write(initial(config(2)));
        byte[] bytes = Files.readAllBytes(store.manifestPath(id));
        bytes[12] ^= 1; // inside the seed
        Files.write(store.manifestPath(id), bytes);
        assertCode(id, Code.MANIFEST_HASH_MISMATCH);
        assertCode("0".repeat(64), Code.MANIFEST_MISSING);
        assertCode("not-a-hash", Code.MANIFEST_MISSING);
    }

    @Test
    void manifestParsingIsStrict() {
        Manifest manifest = new Manifest(1, 2, 3, 0.1, 0.0, 1, 0, 1, 0, 0,
                List.of(new Manifest.BlobRef("model", "ab".repeat(32), 10)));
        byte[] bytes = manifest.toBytes();
        assertThat(Manifest.fromBytes(bytes)).isEqualTo(manifest);
        byte[] trailing = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> Manifest.fromBytes(trailing)).hasMessageContaining("trailing");
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> Manifest.fromBytes(truncated)).isInstanceOf(IllegalArgumentException.class);
        byte[] badMagic = bytes.clone();
        badMagic[0] = 'X';
        assertThatThrownBy(() -> Manifest.fromBytes(badMagic)).hasMessageContaining("magic");
    }

    @Test
    void locateRejectsPathsOutsideAStore() {
        assertThatThrownBy(() -> CheckpointStore.locate(root.resolve("model.bin")))
                .isInstanceOfSatisfying(CheckpointException.class,
                        e -> assertThat(e.code()).isEqualTo(Code.MANIFEST_MISSING));
    }

    private void assertCode(String id, Code code) {
        assertThatThrownBy(() -> new CheckpointStore(root).read(id))
                .isInstanceOfSatisfying(CheckpointException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).startsWith(code.id());
                });
    }

    private Path largestBlob() throws IOException {
        try (Stream<Path> blobs = Files.list(root.resolve("blobs"))) {
            return blobs.max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
    }
}
