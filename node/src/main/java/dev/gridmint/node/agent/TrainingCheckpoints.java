package dev.gridmint.node.agent;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.artifact.ArtifactKind;
import dev.gridmint.node.artifact.Artifacts;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
import dev.gridmint.node.protocol.AgentMessage.CheckpointRef;
import dev.gridmint.node.workload.WorkloadCatalog;
import dev.gridmint.workloads.checkpoint.CheckpointException;
import dev.gridmint.workloads.checkpoint.CheckpointStore;
import dev.gridmint.workloads.checkpoint.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A training job's checkpoints between this provider and the coordinator. Each checkpoint the workload
 * writes goes to the coordinator's artifact store, blobs first and the manifest last, so a manifest the
 * coordinator holds always has its blobs there too. A job assigned with checkpoints resumes from the
 * newest one that downloads whole and loads: every file is checked against its hash on arrival and
 * the checkpoint loader checks the lot again before anything is parsed.
 */
final class TrainingCheckpoints {

    private final CoordinatorClient coordinator;
    private final Keypair key;

    TrainingCheckpoints(CoordinatorClient coordinator, Keypair key) {
        this.coordinator = coordinator;
        this.key = key;
    }

    /** Where a job's checkpoints live on this machine: one store for all its attempts here. */
    static Path storeOf(Path dataDir, String jobId) {
        return dataDir.resolve("jobs").resolve(jobId).resolve("checkpoints");
    }

    /** How a train-gpt attempt starts: the tenant's options and the agent's own, and what it resumes from, if anything. */
    record Start(List<String> args, List<String> agentArgs, String note) {}

    /**
     * The command line for an attempt: the checkpoint directory always; with a usable checkpoint, {@code
     * --resume} it, less the tenant's run settings (the checkpoint fixes them, and the coordinator took it
     * only if they agree). {@code note} says what happened, for the job's log.
     */
    Start start(Path store, List<String> args, List<CheckpointRef> checkpoints) {
        List<String> agentArgs = new ArrayList<>(List.of("--checkpoint-dir", store.toString()));
        List<String> notes = new ArrayList<>();
        for (CheckpointRef checkpoint : checkpoints) {
            try {
                fetch(store, checkpoint);
                agentArgs.addAll(List.of("--resume", new CheckpointStore(store).manifestPath(checkpoint.manifest()).toString()));
                notes.add("resuming from checkpoint " + checkpoint.manifest() + " at step " + checkpoint.step());
                return new Start(withoutSettings(args), agentArgs, String.join("; ", notes));
            } catch (CoordinatorException e) {
                notes.add(unusable(checkpoint, e.getMessage()));
            } catch (CheckpointException e) {
                notes.add(unusable(checkpoint, e.code().id() + ": " + e.getMessage()));
            }
        }
        notes.add("starting from step 0");
        return new Start(args, agentArgs, String.join("; ", notes));
    }

    /** {@code reason} starts with its stable code. */
    private static String unusable(CheckpointRef checkpoint, String reason) {
        return "checkpoint " + checkpoint.manifest() + " at step " + checkpoint.step() + " is unusable (" + reason + ")";
    }

    /** Downloads the manifest, then each blob it names that is not here yet, then loads the checkpoint as the workload will. */
    private void fetch(Path store, CheckpointRef checkpoint) throws CheckpointException {
        if (!Manifest.isSha256Hex(checkpoint.manifest())) {
            throw new CheckpointException(CheckpointException.Code.MANIFEST_MISSING, "not a manifest hash");
        }
        CheckpointStore local = new CheckpointStore(store);
        Path manifestFile = local.manifestPath(checkpoint.manifest());
        download(checkpoint.manifest(), manifestFile);
        Manifest manifest;
        try {
            manifest = Manifest.fromBytes(Files.readAllBytes(manifestFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckpointException(CheckpointException.Code.MANIFEST_INVALID, e.getMessage(), e);
        }
        if (manifest.step() != checkpoint.step()) {
            throw new CheckpointException(CheckpointException.Code.MANIFEST_INVALID,
                    "the manifest is at step " + manifest.step() + ", not " + checkpoint.step());
        }
        for (Manifest.BlobRef blob : manifest.blobs()) {
            download(blob.sha256(), store.resolve("blobs").resolve(blob.sha256()));
        }
        local.read(checkpoint.manifest());
    }

    /** Downloads unless the file is here; a file here was checked against its hash when it arrived or was written. */
    private void download(String sha256, Path target) {
        if (Files.isRegularFile(target)) {
            return;
        }
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new CoordinatorException(0, "UNWRITABLE", "cannot create " + target.getParent() + ": " + e.getMessage());
        }
        coordinator.downloadArtifact(Hash.parse(sha256), target, Artifacts.Progress.NONE);
    }

    /** Stores a checkpoint the workload wrote under the job: each blob, then the manifest. */
    void upload(Hash jobId, Path store, WorkloadRun.Checkpoint checkpoint) {
        Manifest manifest;
        try {
            if (Files.size(checkpoint.manifest()) > Manifest.MAX_BYTES) {
                throw new CoordinatorException(0, "BAD_CHECKPOINT", "the manifest exceeds " + Manifest.MAX_BYTES + " bytes");
            }
            manifest = Manifest.fromBytes(Files.readAllBytes(checkpoint.manifest()));
        } catch (IOException | IllegalArgumentException e) {
            throw new CoordinatorException(0, "BAD_CHECKPOINT", "cannot read " + checkpoint.manifest() + ": " + e.getMessage());
        }
        for (Manifest.BlobRef blob : manifest.blobs()) {
            coordinator.uploadArtifact(key, store.resolve("blobs").resolve(blob.sha256()), jobId, ArtifactKind.CHECKPOINT,
                    "step-" + checkpoint.step() + "." + blob.role());
        }
        coordinator.uploadArtifact(key, checkpoint.manifest(), jobId, ArtifactKind.CHECKPOINT,
                "step-" + checkpoint.step() + ".manifest");
    }

    private static List<String> withoutSettings(List<String> args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            if (!WorkloadCatalog.TRAIN_GPT_SETTINGS.contains(args.get(i))) {
                kept.addAll(args.subList(i, i + 2));
            }
        }
        return kept;
    }
}
