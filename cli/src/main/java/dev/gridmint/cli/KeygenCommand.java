package dev.gridmint.cli;

import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.crypto.KeypairFile;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Creates a wallet: an Ed25519 keypair file in the Solana CLI format (readable by solana-keygen).")
final class KeygenCommand implements Callable<Integer> {

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write the keypair; never overwritten.")
    Path out;

    @Option(names = "--json", description = "Print {\"address\", \"file\"} as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Keypair keypair = Keypair.generate(new SecureRandom());
        try {
            KeypairFile.write(out, keypair);
        } catch (FileAlreadyExistsException e) {
            throw new UserError(out + " already exists; a keypair file is never overwritten");
        }
        if (json) {
            JsonOut.print(System.out, Map.of("address", keypair.address().toString(), "file", out.toAbsolutePath().toString()));
        } else {
            System.out.println("Wrote " + out + " (keep it secret: it holds your private key)");
            System.out.println("Address: " + keypair.address());
        }
        return 0;
    }
}
