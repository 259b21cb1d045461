package dev.gridmint.node.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.artifact.ArtifactStore.Upload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {

    private static final Instant T0 = Instant.ofEpochSecond(1_800_000_000L);
    private static final String ALICE = "alice-address";
    private static final Hash JOB = Hash.sha256(new byte[] {1});
    private static final RetentionPolicy POLICY = new RetentionPolicy(Duration.ofDays(7), Duration.ofHours(24), 1_000_000);

    @TempDir
    Path dir;

    private ArtifactStore open() {
        return ArtifactStore.open(ArtifactSettings.defaults(dir).withMaxBytes(100_000).withRetention(POLICY));
    }

    private static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static ArtifactStore.Request request(byte[] body, String uploader, Hash job) {
        return new ArtifactStore.Request(Hash.sha256(body), body.length, uploader, Optional.ofNullable(job), ArtifactKind.OUTPUT,
                "model.bin");
    }

    private static Upload put(ArtifactStore store, ArtifactStore.Request request, byte[] body, Instant at) {
        return store.put(request, new ByteArrayInputStream(body), at);
    }

    @Test
    void storesByHashAndReadsBackTheSameBytes() throws IOException {
        var store = open();
        byte[] body = content(70_000, 1);
        var upload = put(store, request(body, ALICE, JOB), body, T0);

        assertThat(upload).isInstanceOfSatisfying(Upload.Stored.class, stored -> assertThat(stored.created()).isTrue());
        Artifact artifact = store.get(Hash.sha256(body)).orElseThrow();
        assertThat(Files.readAllBytes(store.blob(artifact))).isEqualTo(body);
        String hex = Hash.sha256(body).hex();
        assertThat(store.blob(artifact)).isEqualTo(dir.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex));
        assertThat(store.ofJob(JOB)).extracting(Artifact::sha256).containsExactly(hex);
    }

    @Test
    void aBodyWithAnotherHashIsRefusedAndLeavesNothing() throws IOException {
        var store = open();
        byte[] body = content(1_000, 2);
        byte[] other = content(1_000, 3);
        var upload = put(store, request(body, ALICE, JOB), other, T0);

        assertThat(upload).isEqualTo(refusedWith(upload, ArtifactError.HASH_MISMATCH));
        assertThat(store.get(Hash.sha256(body))).isEmpty();
        assertThat(filesUnder(dir)).isEmpty();
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedBeforeReading() {
        var store = open();
        var counting = new EndlessStream();
        var request = new ArtifactStore.Request(Hash.sha256(new byte[0]), 100_001, ALICE, Optional.empty(), ArtifactKind.INPUT, "big");

        var upload = store.put(request, counting, T0);

        assertThat(upload).isEqualTo(refusedWith(upload, ArtifactError.ARTIFACT_TOO_LARGE));
        assertThat(counting.served).isZero();
    }

    @Test
    void aBodyLongerThanItsSignedSizeIsCutOffMidStream() throws IOException {
        var store = open();
        var endless = new EndlessStream();
        var request = new ArtifactStore.Request(Hash.sha256(new byte[0]), 50_000, ALICE, Optional.empty(), ArtifactKind.INPUT, "big");

        var upload = store.put(request, endless, T0);

        assertThat(upload).isEqualTo(refusedWith(upload, ArtifactError.SIZE_MISMATCH));
        // It stopped one byte past the signed size, not at the end of an endless body.
        assertThat(endless.served).isEqualTo(50_001);
        assertThat(filesUnder(dir)).isEmpty();
    }

    @Test
    void aShortBodyIsRefused() throws IOException {
        var store = open();
        byte[] body = content(1_000, 4);
        var request = request(body, ALICE, JOB);
        var upload = put(store, request, java.util.Arrays.copyOf(body, 999), T0);

        assertThat(upload).isEqualTo(refusedWith(upload, ArtifactError.SIZE_MISMATCH));
        assertThat(filesUnder(dir)).isEmpty();
    }

    @Test
    void reuploadingTheSameFilingChangesNothingAndAnotherFilingSharesTheBlob() {
        var store = open();
        byte[] body = content(5_000, 5);
        put(store, request(body, ALICE, JOB), body, T0);

        var again = put(store, request(body, ALICE, JOB), body, T0.plusSeconds(60));
        assertThat(again).isInstanceOfSatisfying(Upload.Stored.class, stored -> {
            assertThat(stored.created()).isFalse();
            assertThat(stored.artifact().entries()).singleElement()
                    .satisfies(entry -> assertThat(entry.createdAt()).isEqualTo(T0.getEpochSecond()));
        });

        put(store, request(body, "bob-address", null), body, T0);
        assertThat(store.get(Hash.sha256(body)).orElseThrow().entries()).hasSize(2);
        assertThat(store.usedBy(ALICE)).isEqualTo(5_000);
    }

    @Test
    void anUploaderIsHeldToItsQuota() {
        var store = open();
        byte[] first = content(90_000, 6);
        for (int seed = 0; seed < 11; seed++) {
            byte[] body = content(90_000, 100 + seed);
            put(store, request(body, ALICE, null), body, T0);
        }
        assertThat(store.usedBy(ALICE)).isEqualTo(990_000);

        var over = put(store, request(first, ALICE, null), first, T0);
        assertThat(over).isEqualTo(refusedWith(over, ArtifactError.QUOTA_EXCEEDED));
        // Others are not held to alice's quota.
        assertThat(put(store, request(first, "bob-address", null), first, T0)).isInstanceOf(Upload.Stored.class);
    }

    @Test
    void uploadsInFlightCountAgainstTheQuotaUntilTheyEnd() throws Exception {
        var store = open();
        byte[] big = content(90_000, 20);
        for (int seed = 0; seed < 10; seed++) {
            byte[] body = content(90_000, 200 + seed);
            put(store, request(body, ALICE, null), body, T0);
        }
        // 900,000 held; a 90,000 upload that has started but not finished leaves room for nothing more.
        var started = new java.util.concurrent.CountDownLatch(1);
        var finish = new java.util.concurrent.CountDownLatch(1);
        InputStream slow = new InputStream() {
            private final InputStream rest = new ByteArrayInputStream(big);

            @Override
            public int read() throws IOException {
                started.countDown();
                try {
                    finish.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return rest.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int first = read();
                if (first < 0) {
                    return -1;
                }
                buffer[offset] = (byte) first;
                return 1 + Math.max(0, rest.read(buffer, offset + 1, length - 1));
            }
        };
        var inFlight = java.util.concurrent.CompletableFuture.supplyAsync(() -> store.put(request(big, ALICE, null), slow, T0));
        started.await();

        byte[] more = content(50_000, 21);
        var refused = put(store, request(more, ALICE, null), more, T0);
        assertThat(refused).isEqualTo(refusedWith(refused, ArtifactError.QUOTA_EXCEEDED));

        finish.countDown();
        assertThat(inFlight.get()).isInstanceOf(Upload.Stored.class);
        assertThat(store.usedBy(ALICE)).isEqualTo(990_000);
    }

    @Test
    void theSweeperKeepsJobArtifactsForTheirPeriodAfterTheJobEndsAndFreeUploadsForTheirs() {
        var store = open();
        byte[] output = content(1_000, 7);
        byte[] loose = content(1_000, 8);
        put(store, request(output, ALICE, JOB), output, T0);
        put(store, request(loose, ALICE, null), loose, T0);

        // A running job keeps its artifacts however old they are.
        assertThat(store.sweep(T0.plus(Duration.ofDays(30)), job -> false)).containsExactly(Hash.sha256(loose).hex());
        assertThat(store.get(Hash.sha256(output))).isPresent();

        // The job ends; its artifacts stay 7 days from when the sweeper saw that.
        Instant ended = T0.plus(Duration.ofDays(31));
        assertThat(store.sweep(ended, job -> true)).isEmpty();
        assertThat(store.sweep(ended.plus(Duration.ofDays(7)).minusSeconds(1), job -> true)).isEmpty();
        assertThat(store.sweep(ended.plus(Duration.ofDays(7)), job -> true)).containsExactly(Hash.sha256(output).hex());
        assertThat(store.get(Hash.sha256(output))).isEmpty();
        assertThat(filesUnder(dir)).isEmpty();
    }

    @Test
    void aFreeUploadExpiresAfterItsPeriod() {
        var store = open();
        byte[] loose = content(1_000, 9);
        put(store, request(loose, ALICE, null), loose, T0);

        assertThat(store.sweep(T0.plus(Duration.ofHours(24)).minusSeconds(1), job -> true)).isEmpty();
        assertThat(store.sweep(T0.plus(Duration.ofHours(24)), job -> true)).containsExactly(Hash.sha256(loose).hex());
    }

    @Test
    void metadataAndTheJobsEndSurviveAReopenAndHalfDoneFilesAreCleared() throws IOException {
        var store = open();
        byte[] body = content(2_000, 10);
        put(store, request(body, ALICE, JOB), body, T0);
        store.sweep(T0.plusSeconds(10), job -> true);
        // What a crash leaves: a part file, and a blob moved in before its metadata was written.
        Files.writeString(dir.resolve("tmp").resolve("upload-1.part"), "half");
        Path orphan = dir.resolve("sha256").resolve("ff").resolve("ff".repeat(32));
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "no metadata");

        var reopened = open();

        Artifact artifact = reopened.get(Hash.sha256(body)).orElseThrow();
        assertThat(artifact.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.jobId()).isEqualTo(JOB.hex());
            assertThat(entry.jobEndedAt()).isEqualTo(T0.plusSeconds(10).getEpochSecond());
        });
        assertThat(Files.exists(orphan)).isFalse();
        assertThat(Files.list(dir.resolve("tmp")).toList()).isEmpty();
    }

    private static Upload refusedWith(Upload upload, ArtifactError error) {
        assertThat(upload).isInstanceOfSatisfying(Upload.Refused.class, refused -> assertThat(refused.error()).isEqualTo(error));
        return upload;
    }

    private static List<Path> filesUnder(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A body that never ends, counting what was read of it. */
    private static final class EndlessStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            java.util.Arrays.fill(buffer, offset, offset + length, (byte) 'x');
            served += length;
            return length;
        }
    }
}
