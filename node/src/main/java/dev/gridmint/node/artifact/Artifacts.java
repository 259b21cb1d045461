package dev.gridmint.node.artifact;

import dev.gridmint.core.crypto.Hash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;

/** Hashing and hash-checked receiving of artifact files, for the agent and the CLI. */
public final class Artifacts {

    private static final int BUFFER_BYTES = 64 * 1024;

    private Artifacts() {}

    /** Told how a transfer goes: the total (-1 if unknown) once, then each chunk. */
    public interface Progress {
        void started(long totalBytes);

        void advanced(long bytes);

        Progress NONE = new Progress() {
            @Override
            public void started(long totalBytes) {}

            @Override
            public void advanced(long bytes) {}
        };
    }

    /** The received bytes do not have the hash asked for. */
    public static final class CorruptDownload extends IOException {
        CorruptDownload(String message) {
            super(message);
        }
    }

    public static Hash sha256Of(Path file) throws IOException {
        MessageDigest digest = ArtifactStore.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            int read;
            while ((read = in.read(buffer)) != -1) {
                digest.update(buffer, 0, read);
            }
        }
        return new Hash(digest.digest());
    }

    /**
     * Copies {@code in} to a temporary sibling of {@code target}, hashing as it goes, and moves it to
     * {@code target} only if the hash is {@code expected}; otherwise deletes it and throws
     * {@link CorruptDownload}.
     */
    public static void receive(InputStream in, Hash expected, Path target, Progress progress) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path part = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part");
        try {
            MessageDigest digest = ArtifactStore.sha256();
            try (OutputStream out = Files.newOutputStream(part)) {
                byte[] buffer = new byte[BUFFER_BYTES];
                int read;
                while ((read = in.read(buffer)) != -1) {
                    digest.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                    progress.advanced(read);
                }
            }
            Hash actual = new Hash(digest.digest());
            if (!actual.equals(expected)) {
                throw new CorruptDownload("the downloaded bytes hash to " + actual.hex() + ", not " + expected.hex()
                        + "; nothing was written to " + target);
            }
            Files.move(part, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
