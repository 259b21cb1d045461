package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.node.artifact.Artifact;
import dev.gridmint.node.artifact.ArtifactKind;
import dev.gridmint.node.artifact.ArtifactStore;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.AgentMessage.CheckpointRef;
import dev.gridmint.node.workload.WorkloadCatalog;
import dev.gridmint.workloads.checkpoint.Manifest;
import dev.gridmint.workloads.gpt.GptTrainingConfig;
import dev.gridmint.node.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The checkpoints each training job can resume from, as its lease holders announced them. A checkpoint
 * counts only if its announcer holds the job's lease for that attempt, its manifest and every blob the
 * manifest names are in the artifact store filed under the job as checkpoints, and the manifest's run
 * settings are the job's own. A newer announcement replaces every checkpoint at or past its step, so
 * an attempt that resumed from an older checkpoint (or from scratch) is never sent ahead to the failed
 * run's later ones. The book is kept on disk too, one small JSON file per job in its directory, written
 * atomically on each change, so after a coordinator restart a job still resumes from its newest checkpoint.
 */
public final class CheckpointBook {

    private static final Map<String, Number> DEFAULTS = Map.of("--seed", 0L, "--steps", GptTrainingConfig.DEFAULT_STEPS,
            "--batch", GptTrainingConfig.DEFAULT_BATCH_SIZE, "--lr", GptTrainingConfig.DEFAULT_LEARNING_RATE,
            "--eval-every", GptTrainingConfig.DEFAULT_EVAL_EVERY);

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointBook.class);
    private static final String SUFFIX = ".json";
    /** A job's file holds at most {@link AgentMessage.Assign#MAX_RESUME} small entries; anything larger is not ours. */
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private final ArtifactStore artifacts;
    private final Supplier<LedgerState> ledger;
    private final Path dir;
    /** Per job, oldest first, at most {@link AgentMessage.Assign#MAX_RESUME}. */
    private final Map<Hash, List<CheckpointRef>> byJob = new ConcurrentHashMap<>();

    /**
     * Opens the book kept in {@code dir}: the checkpoints of jobs that are still open in the ledger and still
     * stored under their job come back; files of jobs that ended meanwhile are removed.
     */
    public CheckpointBook(ArtifactStore artifacts, Supplier<LedgerState> ledger, Path dir) {
        this.artifacts = artifacts;
        this.ledger = ledger;
        this.dir = dir;
        load();
    }

    /** Takes a provider's announcement, or says why not with a stable code; a refusal changes nothing. */
    public Optional<AgentMessage.Error> take(Address provider, AgentMessage.Checkpoint announced) {
        Hash jobId;
        Hash manifestHash;
        try {
            jobId = Hash.parse(announced.jobId());
            manifestHash = Hash.parse(announced.manifest());
        } catch (IllegalArgumentException | NullPointerException e) {
            return refusal("BAD_CHECKPOINT", "the job id and the manifest must be SHA-256 hex");
        }
        Optional<Job> job = ledger.get().job(jobId).filter(j -> j.isLeasedTo(provider, announced.attempt()));
        if (job.isEmpty()) {
            return refusal("NOT_LEASE_HOLDER", provider + " holds no lease of job " + jobId.hex() + " attempt " + announced.attempt());
        }
        Manifest manifest;
        try {
            manifest = Manifest.fromBytes(readManifest(jobId, manifestHash));
        } catch (IllegalArgumentException e) {
            return refusal("BAD_CHECKPOINT", "manifest " + manifestHash.hex() + ": " + e.getMessage());
        } catch (IOException e) {
            return refusal("CHECKPOINT_NOT_STORED", "manifest " + manifestHash.hex() + ": " + e.getMessage());
        }
        if (manifest.step() != announced.step() || manifest.step() <= 0 || manifest.step() >= manifest.steps()) {
            return refusal("BAD_CHECKPOINT", "the manifest is at step " + manifest.step() + " of " + manifest.steps()
                    + ", announced as step " + announced.step());
        }
        Optional<String> mismatch = settingsMismatch(job.get().spec().args(), manifest);
        if (mismatch.isPresent()) {
            return refusal("CHECKPOINT_MISMATCH", mismatch.get());
        }
        for (Manifest.BlobRef blob : manifest.blobs()) {
            if (!filedUnder(jobId, Hash.parse(blob.sha256()), blob.size())) {
                return refusal("CHECKPOINT_NOT_STORED", "the " + blob.role() + " blob " + blob.sha256()
                        + " is not stored under the job");
            }
        }
        CheckpointRef taken = new CheckpointRef(manifest.step(), manifestHash.hex());
        byJob.compute(jobId, (id, old) -> {
            List<CheckpointRef> kept = new ArrayList<>(old == null ? List.of() : old);
            kept.removeIf(earlier -> earlier.step() >= taken.step());
            kept.add(taken);
            List<CheckpointRef> newest = List.copyOf(kept.subList(Math.max(0, kept.size() - AgentMessage.Assign.MAX_RESUME),
                    kept.size()));
            // under the map's lock for this job, so two announcements cannot write their files out of order
            save(id, newest);
            return newest;
        });
        return Optional.empty();
    }

    /** The checkpoints a new attempt of the job may resume from, newest first; empty when it has none. */
    public List<CheckpointRef> newestFirst(Hash jobId) {
        return byJob.getOrDefault(jobId, List.of()).reversed();
    }

    /** The job ended: nothing will resume it. */
    public void forget(Hash jobId) {
        byJob.remove(jobId);
        try {
            Files.deleteIfExists(fileOf(jobId));
        } catch (IOException e) {
            LOG.warn("could not remove the checkpoint book of job {}: {}", jobId.shortHex(), e.getMessage());
        }
    }

    private Path fileOf(Hash jobId) {
        return dir.resolve(jobId.hex() + SUFFIX);
    }

    /** Writes a job's list to a temporary sibling, then renames it over the old one. */
    private void save(Hash jobId, List<CheckpointRef> list) {
        try {
            Files.createDirectories(dir);
            Path next = Files.createTempFile(dir, "book-", ".tmp");
            Files.writeString(next, Json.write(list));
            Files.move(next, fileOf(jobId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the checkpoint still counts in memory; only a coordinator restart would forget it
            LOG.warn("could not keep the checkpoint book of job {}: {}", jobId.shortHex(), e.getMessage());
        }
    }

    private void load() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file); // a write cut short
                } else if (name.matches("[0-9a-f]{64}\\.json")) {
                    loadJob(Hash.parse(name.substring(0, 64)), file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint book in " + dir, e);
        }
    }

    private void loadJob(Hash jobId, Path file) throws IOException {
        boolean open = ledger.get().job(jobId).map(j -> j.status().holdsEscrow()).orElse(false);
        if (!open || Files.size(file) > MAX_FILE_BYTES) {
            Files.deleteIfExists(file);
            return;
        }
        List<CheckpointRef> kept = new ArrayList<>();
        try {
            for (JsonNode entry : Json.MAPPER.readTree(Files.readString(file))) {
                CheckpointRef ref = new CheckpointRef(entry.path("step").asLong(), entry.path("manifest").asString(""));
                Optional<Hash> manifest = parseHash(ref.manifest());
                // still there under the job: the artifact sweep may have removed it while the coordinator was down
                if (ref.step() > 0 && manifest.isPresent() && artifacts.get(manifest.get())
                        .filter(a -> filedUnder(jobId, manifest.get(), a.size())).isPresent()) {
                    kept.add(ref);
                }
            }
        } catch (JacksonException e) {
            LOG.warn("the checkpoint book of job {} is unreadable; it resumes from step 0: {}", jobId.shortHex(),
                    e.getMessage());
        }
        if (!kept.isEmpty()) {
            byJob.put(jobId, List.copyOf(kept.subList(Math.max(0, kept.size() - AgentMessage.Assign.MAX_RESUME),
                    kept.size())));
        }
    }

    private static Optional<Hash> parseHash(String hex) {
        try {
            return Optional.of(Hash.parse(hex));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private byte[] readManifest(Hash jobId, Hash manifest) throws IOException {
        Artifact artifact = artifacts.get(manifest).filter(a -> filedUnder(jobId, manifest, a.size()))
                .orElseThrow(() -> new IOException("not stored under the job as a checkpoint"));
        if (artifact.size() > Manifest.MAX_BYTES) {
            throw new IllegalArgumentException(artifact.size() + " bytes exceed " + Manifest.MAX_BYTES);
        }
        try (InputStream in = Files.newInputStream(artifacts.blob(artifact))) {
            return in.readNBytes(Manifest.MAX_BYTES + 1);
        }
    }

    private boolean filedUnder(Hash jobId, Hash sha256, long size) {
        return artifacts.get(sha256).filter(a -> a.size() == size).map(a -> a.entries().stream()
                .anyMatch(e -> jobId.hex().equals(e.jobId()) && e.kind() == ArtifactKind.CHECKPOINT)).orElse(false);
    }

    /** Where the manifest's run differs from the one the job's options (or their defaults) describe. */
    private static Optional<String> settingsMismatch(List<String> args, Manifest manifest) {
        Map<String, Number> actual = Map.of("--seed", manifest.seed(), "--steps", manifest.steps(), "--batch",
                manifest.batchSize(), "--lr", manifest.learningRate(), "--eval-every", manifest.evalEvery());
        for (String setting : WorkloadCatalog.TRAIN_GPT_SETTINGS) {
            int at = args.indexOf(setting);
            String expected = at >= 0 && at % 2 == 0 && at + 1 < args.size() ? args.get(at + 1) : DEFAULTS.get(setting).toString();
            if (!sameNumber(expected, actual.get(setting))) {
                return Optional.of(setting + " is " + actual.get(setting) + " in the checkpoint and " + expected + " in the job");
            }
        }
        return Optional.empty();
    }

    private static boolean sameNumber(String text, Number value) {
        try {
            return value instanceof Double d ? Double.parseDouble(text) == d : Long.parseLong(text) == value.longValue();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<AgentMessage.Error> refusal(String code, String message) {
        return Optional.of(new AgentMessage.Error(code, message));
    }
}
