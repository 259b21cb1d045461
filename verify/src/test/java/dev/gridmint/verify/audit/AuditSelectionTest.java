package dev.gridmint.verify.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.verify.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AuditSelectionTest {

    private final SplittableRandom random = new SplittableRandom(9);
    private final Keypair checker = Keypair.generate(random);
    private final List<Address> providers = IntStream.range(0, 50).mapToObj(i -> Keypair.generate(random).address()).toList();
    private final Hash epochSeed = Seeds.derive("epoch", Seeds.longBytes(12));

    @Test
    void aSelectionVerifiesAndIsDeterministic() {
        AuditSelection selection = AuditSelection.select(checker, epochSeed, 12, providers, 5);
        assertThat(selection.targets()).hasSize(5).doesNotHaveDuplicates();
        assertThat(AuditSelection.verify(selection, epochSeed, providers, 5)).isEqualTo(AuditSelection.Check.VALID);
        assertThat(AuditSelection.select(checker, epochSeed, 12, providers, 5).targets()).isEqualTo(selection.targets());
    }

    @Test
    void aForgedSelectionSeedIsRejected() {
        AuditSelection honest = AuditSelection.select(checker, epochSeed, 12, providers, 5);
        byte[] chosen = new byte[64];
        random.nextBytes(chosen);
        var forged = new AuditSelection(checker.address(), 12, chosen, honest.targets());
        assertThat(AuditSelection.verify(forged, epochSeed, providers, 5)).isEqualTo(AuditSelection.Check.FORGED_SEED);
        var otherEpoch = AuditSelection.select(checker, epochSeed, 13, providers, 5);
        var replayed = new AuditSelection(checker.address(), 12, otherEpoch.selectionSeed(), otherEpoch.targets());
        assertThat(AuditSelection.verify(replayed, epochSeed, providers, 5)).isEqualTo(AuditSelection.Check.FORGED_SEED);
    }

    @Test
    void handPickedTargetsAreRejected() {
        AuditSelection honest = AuditSelection.select(checker, epochSeed, 12, providers, 5);
        List<Address> picked = new ArrayList<>(honest.targets());
        picked.set(0, providers.stream().filter(p -> !honest.targets().contains(p)).findFirst().orElseThrow());
        var cooked = new AuditSelection(checker.address(), 12, honest.selectionSeed(), picked);
        assertThat(AuditSelection.verify(cooked, epochSeed, providers, 5)).isEqualTo(AuditSelection.Check.WRONG_TARGETS);
    }

    @Test
    void checkersAndEpochsDrawDifferentTargets() {
        var mine = AuditSelection.select(checker, epochSeed, 12, providers, 5).targets();
        var theirs = AuditSelection.select(Keypair.generate(random), epochSeed, 12, providers, 5).targets();
        var next = AuditSelection.select(checker, Seeds.derive("epoch", Seeds.longBytes(13)), 13, providers, 5).targets();
        assertThat(theirs).isNotEqualTo(mine);
        assertThat(next).isNotEqualTo(mine);
    }
}
