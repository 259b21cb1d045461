package dev.gridmint.verify.audit;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import java.util.Comparator;
import java.util.List;

/**
 * A checker's audit targets for one epoch: the providers ranked by H(selection seed ‖ provider),
 * the first {@code count} of them. The signature is the proof; {@link #verify} recomputes both.
 */
public record AuditSelection(Address checker, long epoch, byte[] selectionSeed, List<Address> targets) {

    private static final String SEED_DOMAIN = "gridmint/verify/audit-seed/v1";
    private static final String RANK_DOMAIN = "gridmint/verify/audit-rank/v1";

    /** Whether a published selection is the one its checker had to make. */
    public enum Check { VALID, FORGED_SEED, WRONG_TARGETS }

    public AuditSelection {
        selectionSeed = selectionSeed.clone();
        targets = List.copyOf(targets);
    }

    @Override
    public byte[] selectionSeed() {
        return selectionSeed.clone();
    }

    public static AuditSelection select(Keypair checker, Hash epochSeed, long epoch, List<Address> providers, int count) {
        byte[] seed = checker.sign(message(epochSeed, epoch, checker.address()));
        return new AuditSelection(checker.address(), epoch, seed, targets(seed, providers, count));
    }

    public static Check verify(AuditSelection selection, Hash epochSeed, List<Address> providers, int count) {
        byte[] seed = selection.selectionSeed();
        if (!Ed25519.verify(selection.checker(), message(epochSeed, selection.epoch(), selection.checker()), seed)) {
            return Check.FORGED_SEED;
        }
        return targets(seed, providers, count).equals(selection.targets()) ? Check.VALID : Check.WRONG_TARGETS;
    }

    private static byte[] message(Hash epochSeed, long epoch, Address checker) {
        return new ByteWriter().text(SEED_DOMAIN).hash(epochSeed).i64(epoch).address(checker).toByteArray();
    }

    private static List<Address> targets(byte[] seed, List<Address> providers, int count) {
        Hash seedHash = Hash.sha256(seed);
        return providers.stream().distinct()
                .sorted(Comparator.comparing((Address provider) -> rank(seedHash, provider)).thenComparing(Comparator.naturalOrder()))
                .limit(count)
                .toList();
    }

    private static Hash rank(Hash seedHash, Address provider) {
        return Hash.sha256(new ByteWriter().text(RANK_DOMAIN).hash(seedHash).address(provider).toByteArray());
    }
}
