package dev.gridmint.workloads.checkpoint;

import dev.gridmint.workloads.checkpoint.CheckpointException.Code;
import dev.gridmint.workloads.gpt.GptModel;
import dev.gridmint.workloads.gpt.GptTrainingConfig;
import dev.gridmint.workloads.gpt.GptTrainingState;
import dev.gridmint.workloads.optim.AdamW;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * Content-addressed checkpoints of a GPT training run under one directory:
 *
 * <pre>
 *   ROOT/blobs/&lt;sha256&gt;       the model file ({@link GptModel}) and the optimizer state, by content hash
 *   ROOT/manifests/&lt;sha256&gt;   a {@link Manifest} naming its blobs; its own hash is the checkpoint id
 * </pre>
 *
 * Every file is written to a temporary sibling and renamed into place, so a reader sees a whole file or
 * none, and a blob that is already present is not written again. Reading checks the manifest's hash against
 * its id, and each blob's size and hash against the manifest, before parsing anything.
 */
public final class CheckpointStore {

    public static final String MODEL_BLOB = "model";
    public static final String OPTIMIZER_BLOB = "optimizer";
    /** The largest blob a manifest may declare. */
    public static final long MAX_BLOB_BYTES = GptModel.MAX_FILE_BYTES * 2L;

    private final Path blobs;
    private final Path manifests;

    public CheckpointStore(Path root) {
        Objects.requireNonNull(root, "root");
        this.blobs = root.resolve("blobs");
        this.manifests = root.resolve("manifests");
    }

    /** The store holding {@code manifestFile} ({@code ROOT/manifests/<id>}), and that file's id. */
    public record Located(CheckpointStore store, String id) {}

    public static Located locate(Path manifestFile) throws CheckpointException {
        Path absolute = manifestFile.toAbsolutePath().normalize();
        String id = String.valueOf(absolute.getFileName());
        Path dir = absolute.getParent();
        if (!Manifest.isSha256Hex(id) || dir == null || !String.valueOf(dir.getFileName()).equals("manifests")
                || dir.getParent() == null) {
            throw new CheckpointException(Code.MANIFEST_MISSING,
                    manifestFile + " is not a checkpoint manifest path (ROOT/manifests/<sha256>)");
        }
        return new Located(new CheckpointStore(dir.getParent()), id);
    }

    public Path manifestPath(String id) {
        return manifests.resolve(id);
    }

    /** Writes {@code state} and returns the checkpoint id (the manifest's SHA-256). */
    public String write(GptTrainingState state) throws CheckpointException {
        byte[] model = state.model().toBytes();
        byte[] optimizer = OptimizerBlob.toBytes(state.optimizer(), state.model().network().parameters());
        GptTrainingConfig c = state.config();
        Manifest manifest = new Manifest(c.seed(), c.steps(), c.batchSize(), c.learningRate(), c.weightDecay(),
                c.evalEvery(), state.shard(), state.shards(), state.step(), state.cursor(), List.of(
                        new Manifest.BlobRef(MODEL_BLOB, putBlob(model), model.length),
                        new Manifest.BlobRef(OPTIMIZER_BLOB, putBlob(optimizer), optimizer.length)));
        byte[] bytes = manifest.toBytes();
        String id = GptModel.sha256Hex(bytes);
        writeAtomically(manifests, id, bytes);
        return id;
    }

    private String putBlob(byte[] bytes) throws CheckpointException {
        String hash = GptModel.sha256Hex(bytes);
        writeAtomically(blobs, hash, bytes);
        return hash;
    }

    /** Writes {@code dir/name} unless a file there already holds exactly these bytes (named by their hash). */
    private static void writeAtomically(Path dir, String name, byte[] bytes) throws CheckpointException {
        Path target = dir.resolve(name);
        try {
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length
                    && GptModel.sha256Hex(Files.readAllBytes(target)).equals(name)) {
                return; // already stored intact; a damaged copy is replaced below
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CheckpointException(Code.IO_ERROR, "cannot write " + target + ": " + e, e);
        }
    }

    /** Reads and verifies checkpoint {@code id}. */
    public GptTrainingState read(String id) throws CheckpointException {
        if (!Manifest.isSha256Hex(id)) {
            throw new CheckpointException(Code.MANIFEST_MISSING, "'" + id + "' is not a checkpoint id (sha256 hex)");
        }
        byte[] bytes = readBounded(manifestPath(id), Manifest.MAX_BYTES, Code.MANIFEST_MISSING,
                Code.MANIFEST_INVALID);
        if (!GptModel.sha256Hex(bytes).equals(id)) {
            throw new CheckpointException(Code.MANIFEST_HASH_MISMATCH, "manifest " + id + " does not hash to its id");
        }
        Manifest manifest;
        try {
            manifest = Manifest.fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(Code.MANIFEST_INVALID, "manifest " + id + ": " + e.getMessage(), e);
        }
        byte[] modelBytes = verifiedBlob(manifest, MODEL_BLOB);
        byte[] optimizerBytes = verifiedBlob(manifest, OPTIMIZER_BLOB);
        GptModel model;
        AdamW.State optimizer;
        try {
            model = GptModel.fromBytes(modelBytes);
            optimizer = OptimizerBlob.fromBytes(optimizerBytes, model.network().parameters());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(Code.BLOB_INVALID, "checkpoint " + id + ": " + e.getMessage(), e);
        }
        try {
            GptTrainingConfig config = new GptTrainingConfig(manifest.seed(), manifest.steps(), manifest.batchSize(),
                    manifest.learningRate(), manifest.weightDecay(), manifest.evalEvery(), model.config());
            return new GptTrainingState(config, manifest.shard(), manifest.shards(), manifest.step(),
                    manifest.cursor(), model, optimizer);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(Code.MANIFEST_INVALID, "manifest " + id + ": " + e.getMessage(), e);
        }
    }

    private byte[] verifiedBlob(Manifest manifest, String role) throws CheckpointException {
        Manifest.BlobRef ref;
        try {
            ref = manifest.blob(role);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(Code.MANIFEST_INVALID, e.getMessage(), e);
        }
        if (ref.size() > MAX_BLOB_BYTES) {
            throw new CheckpointException(Code.MANIFEST_INVALID, role + " blob of " + ref.size() + " bytes exceeds "
                    + MAX_BLOB_BYTES);
        }
        Path path = blobs.resolve(ref.sha256());
        byte[] bytes = readBounded(path, ref.size(), Code.BLOB_MISSING, Code.BLOB_SIZE_MISMATCH);
        if (bytes.length != ref.size()) {
            throw new CheckpointException(Code.BLOB_SIZE_MISMATCH, role + " blob " + ref.sha256() + " has "
                    + bytes.length + " bytes, the manifest says " + ref.size());
        }
        String actual = GptModel.sha256Hex(bytes);
        if (!actual.equals(ref.sha256())) {
            throw new CheckpointException(Code.BLOB_HASH_MISMATCH, role + " blob " + ref.sha256() + " hashes to "
                    + actual);
        }
        return bytes;
    }

    /** The file's bytes if it exists and is at most {@code limit} bytes long. */
    private static byte[] readBounded(Path path, long limit, Code missing, Code tooLarge) throws CheckpointException {
        try {
            long size = Files.size(path);
            if (size > limit) {
                throw new CheckpointException(tooLarge, path + " has " + size + " bytes, expected at most " + limit);
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(missing, path + " does not exist", e);
        } catch (IOException e) {
            throw new CheckpointException(Code.IO_ERROR, "cannot read " + path + ": " + e, e);
        }
    }
}
