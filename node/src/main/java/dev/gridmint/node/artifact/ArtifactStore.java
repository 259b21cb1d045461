package dev.gridmint.node.artifact;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's artifacts on disk, content-addressed: the blob of hash {@code abcd…} is
 * {@code sha256/ab/abcd…} under the store's directory, and its metadata (every filing of it) is the
 * JSON file beside it. An upload streams into {@code tmp/}, hashed and counted as it goes, and is
 * moved into place only once its size and hash are right, so a refused or broken upload leaves
 * nothing behind; a crash between the move and the metadata leaves a blob without metadata, which
 * the next open removes.
 *
 * <p>Metadata lives beside the blobs rather than in the ledger store: it is node-local bookkeeping
 * that must agree with the files on this disk, not network state, and a PostgreSQL ledger shared by
 * coordinators would not make local files any more shared.
 */
public final class ArtifactStore {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactStore.class);
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final String META_SUFFIX = ".json";

    /** What an upload asks for, once its statement has been checked. */
    public record Request(Hash sha256, long size, String uploader, Optional<Hash> jobId, ArtifactKind kind, String name) {}

    /** How an upload ended. */
    public sealed interface Upload {
        /** Stored; {@code created} is false when the same filing was already there. */
        record Stored(Artifact artifact, boolean created) implements Upload {}

        record Refused(ArtifactError error, String message) implements Upload {}
    }

    private final Path blobs;
    private final Path tmp;
    private final long maxBytes;
    private final RetentionPolicy retention;
    private final Map<String, Artifact> artifacts = new ConcurrentHashMap<>();
    /** Bytes of uploads in flight, per uploader: counted against the quota so that parallel uploads cannot pass it together. */
    private final Map<String, Long> inFlight = new HashMap<>();

    private ArtifactStore(Path dir, long maxBytes, RetentionPolicy retention) {
        this.blobs = dir.resolve("sha256");
        this.tmp = dir.resolve("tmp");
        this.maxBytes = maxBytes;
        this.retention = retention;
    }

    /** Opens (creating) the store in {@code settings.dir()}, dropping what a crash left half-done. */
    public static ArtifactStore open(ArtifactSettings settings) {
        var store = new ArtifactStore(settings.dir(), settings.maxBytes(), settings.retention());
        try {
            store.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the artifact store in " + settings.dir(), e);
        }
        return store;
    }

    private void load() throws IOException {
        Files.createDirectories(blobs);
        Files.createDirectories(tmp);
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path leftover : leftovers.toList()) {
                Files.deleteIfExists(leftover);
            }
        }
        try (Stream<Path> files = Files.walk(blobs, 2)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(META_SUFFIX)) {
                    Artifact artifact = Json.MAPPER.readValue(Files.readString(file), Artifact.class);
                    if (Files.exists(blobOf(artifact.sha256()))) {
                        artifacts.put(artifact.sha256(), artifact);
                    } else {
                        Files.delete(file);
                    }
                } else if (!Files.exists(metaOf(fileName))) {
                    LOG.info("removing artifact {} with no metadata (an upload cut short)", fileName);
                    Files.delete(file);
                }
            }
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Optional<Artifact> get(Hash sha256) {
        return Optional.ofNullable(artifacts.get(sha256.hex()));
    }

    /** The blob's file, for reading; it stays readable while open even if the sweeper removes it meanwhile. */
    public Path blob(Artifact artifact) {
        return blobOf(artifact.sha256());
    }

    /** The artifacts filed for a job, oldest first. */
    public List<Artifact> ofJob(Hash jobId) {
        String job = jobId.hex();
        return artifacts.values().stream()
                .map(artifact -> artifact.withEntries(artifact.entries().stream().filter(e -> job.equals(e.jobId())).toList()))
                .filter(artifact -> !artifact.entries().isEmpty())
                .sorted(Comparator.comparingLong((Artifact a) -> a.entries().getFirst().createdAt()).thenComparing(Artifact::sha256))
                .toList();
    }

    /** Bytes held by artifacts the uploader filed, each counted once. */
    public long usedBy(String uploader) {
        return artifacts.values().stream().filter(a -> a.filedBy(uploader)).mapToLong(Artifact::size).sum();
    }

    /**
     * Streams {@code body} into the store. It reads at most {@code request.size() + 1} bytes, so an
     * over-long body is refused without being read to its end.
     */
    public Upload put(Request request, InputStream body, Instant now) {
        if (request.size() > maxBytes) {
            return new Upload.Refused(ArtifactError.ARTIFACT_TOO_LARGE,
                    "the artifact is " + request.size() + " bytes; this coordinator takes at most " + maxBytes);
        }
        Optional<Upload.Refused> overQuota = reserve(request);
        if (overQuota.isPresent()) {
            return overQuota.get();
        }
        Path part = null;
        try {
            part = Files.createTempFile(tmp, "upload-", ".part");
            Optional<Upload.Refused> refused = receive(request, body, part);
            if (refused.isPresent()) {
                return refused.get();
            }
            return file(request, part, now);
        } catch (IOException e) {
            LOG.warn("could not store artifact {}: {}", request.sha256().hex(), e.toString());
            return new Upload.Refused(ArtifactError.ARTIFACT_STORE_FAILED, "the coordinator could not store the artifact");
        } finally {
            deleteQuietly(part);
            release(request);
        }
    }

    /** Counts the upload against its uploader's quota while it is in flight; a refusal if it does not fit. */
    private synchronized Optional<Upload.Refused> reserve(Request request) {
        boolean held = get(request.sha256()).map(a -> a.filedBy(request.uploader())).orElse(false);
        long used = usedBy(request.uploader()) + inFlight.getOrDefault(request.uploader(), 0L);
        if (!held && used + request.size() > retention.quotaBytes()) {
            return Optional.of(new Upload.Refused(ArtifactError.QUOTA_EXCEEDED, request.uploader() + " holds or is uploading "
                    + used + " bytes of artifacts; " + request.size() + " more would pass the quota of " + retention.quotaBytes()));
        }
        inFlight.merge(request.uploader(), request.size(), Long::sum);
        return Optional.empty();
    }

    private synchronized void release(Request request) {
        inFlight.computeIfPresent(request.uploader(), (uploader, bytes) -> bytes == request.size() ? null : bytes - request.size());
    }

    /** Copies the body into {@code part}, hashing and counting; a refusal if its length or hash is wrong. */
    private static Optional<Upload.Refused> receive(Request request, InputStream body, Path part) throws IOException {
        MessageDigest digest = sha256();
        long count = 0;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            int read;
            while ((read = body.read(buffer, 0, (int) Math.min(buffer.length, request.size() - count + 1))) != -1) {
                count += read;
                if (count > request.size()) {
                    return Optional.of(new Upload.Refused(ArtifactError.SIZE_MISMATCH,
                            "the body is longer than the signed size of " + request.size() + " bytes"));
                }
                digest.update(buffer, 0, read);
                out.write(ByteBuffer.wrap(buffer, 0, read));
            }
            out.force(true);
        }
        if (count != request.size()) {
            return Optional.of(new Upload.Refused(ArtifactError.SIZE_MISMATCH,
                    "the body is " + count + " bytes; the statement signs " + request.size()));
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(request.sha256().hex())) {
            return Optional.of(new Upload.Refused(ArtifactError.HASH_MISMATCH,
                    "the body's sha256 is " + actual + ", not " + request.sha256().hex()));
        }
        return Optional.empty();
    }

    private synchronized Upload file(Request request, Path part, Instant now) throws IOException {
        String hex = request.sha256().hex();
        var entry = new Artifact.Entry(request.uploader(), request.jobId().map(Hash::hex).orElse(null), request.kind(),
                request.name(), now.getEpochSecond(), null);
        Artifact existing = artifacts.get(hex);
        if (existing != null && existing.entries().stream().anyMatch(entry::sameFiling)) {
            return new Upload.Stored(existing, false);
        }
        if (existing == null) {
            Files.createDirectories(blobOf(hex).getParent());
            Files.move(part, blobOf(hex), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        List<Artifact.Entry> entries = new ArrayList<>(existing == null ? List.of() : existing.entries());
        entries.add(entry);
        Artifact stored = new Artifact(hex, request.size(), entries);
        writeMeta(stored);
        return new Upload.Stored(stored, true);
    }

    /**
     * Applies the retention policy at {@code now}: stamps the end of jobs that {@code jobEnded} says
     * are over, drops filings whose time is up, and deletes blobs left with none. Returns the hashes
     * of the deleted blobs.
     */
    public synchronized List<String> sweep(Instant now, Predicate<Hash> jobEnded) {
        long seconds = now.getEpochSecond();
        List<String> deleted = new ArrayList<>();
        for (Artifact artifact : List.copyOf(artifacts.values())) {
            List<Artifact.Entry> kept = artifact.entries().stream()
                    .map(entry -> entry.jobId() != null && entry.jobEndedAt() == null && jobEnded.test(Hash.parse(entry.jobId()))
                            ? entry.endedAt(seconds) : entry)
                    .filter(entry -> !expired(entry, seconds))
                    .toList();
            if (kept.equals(artifact.entries())) {
                continue;
            }
            try {
                if (kept.isEmpty()) {
                    artifacts.remove(artifact.sha256());
                    Files.deleteIfExists(metaOf(artifact.sha256()));
                    Files.deleteIfExists(blobOf(artifact.sha256()));
                    deleted.add(artifact.sha256());
                } else {
                    writeMeta(artifact.withEntries(kept));
                }
            } catch (IOException e) {
                LOG.warn("retention sweep could not update artifact {}: {}", artifact.sha256(), e.toString());
            }
        }
        return deleted;
    }

    private boolean expired(Artifact.Entry entry, long now) {
        if (entry.jobId() == null) {
            return now >= entry.createdAt() + retention.unreferenced().toSeconds();
        }
        return entry.jobEndedAt() != null && now >= entry.jobEndedAt() + retention.afterJobEnds().toSeconds();
    }

    private void writeMeta(Artifact artifact) throws IOException {
        Path meta = metaOf(artifact.sha256());
        Path next = Files.createTempFile(tmp, "meta-", META_SUFFIX);
        try {
            Files.writeString(next, Json.write(artifact));
            Files.move(next, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            deleteQuietly(next);
        }
        artifacts.put(artifact.sha256(), artifact);
    }

    private Path blobOf(String hex) {
        return blobs.resolve(hex.substring(0, 2)).resolve(hex);
    }

    private Path metaOf(String hex) {
        return blobs.resolve(hex.substring(0, 2)).resolve(hex + META_SUFFIX);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", path, e.toString());
        }
    }
}
