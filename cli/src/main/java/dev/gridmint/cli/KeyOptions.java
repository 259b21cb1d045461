package dev.gridmint.cli;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.crypto.KeypairFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --key FILE}: a keypair in the Solana CLI format. */
public final class KeyOptions {

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "Keypair file (Solana CLI format, from 'gridmint keygen').")
    Path keyFile;

    public Keypair load() {
        return loadKey(keyFile);
    }

    public static Keypair loadKey(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("no keypair file at " + file + " (make one with: gridmint keygen --out " + file + ")");
        }
        try {
            return KeypairFile.read(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot read the keypair in " + file + ": " + e.getMessage());
        }
    }
}
