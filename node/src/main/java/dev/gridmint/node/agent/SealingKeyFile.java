package dev.gridmint.node.agent;

import dev.gridmint.node.protocol.SealedSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The provider's X25519 key pair for sealed secrets, kept in its data directory (mode 0600): two
 * base64 lines, the PKCS#8 private key and the X.509 public key. Created on the first start and kept
 * after, so a secret sealed to the key the provider announced still opens after a restart.
 */
final class SealingKeyFile {

    static final String NAME = "sealing-key";

    private SealingKeyFile() {}

    static KeyPair loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Files.createDirectories(dataDir);
            KeyPair pair = SealedSecrets.generateKey();
            Path tmp = dataDir.resolve(NAME + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the sealing key in " + file, e);
        }
    }

    private static KeyPair read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try {
            KeyFactory keys = KeyFactory.getInstance("X25519");
            return new KeyPair(keys.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(1)))),
                    keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0)))));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(file + " is not a sealing key file (" + e.getMessage() + "); move it away to make a new key",
                    e);
        }
    }
}
