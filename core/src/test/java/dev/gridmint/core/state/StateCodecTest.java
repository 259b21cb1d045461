package dev.gridmint.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.codec.DecodeException;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.core.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StateCodecTest {

    private static LedgerState populated;

    @BeforeAll
    static void populate() {
        populated = LedgerFixture.populated().state();
    }

    @Test
    void aPopulatedStateRoundTripsWithTheSameRoot() {
        assertThat(populated.jobs().size()).isEqualTo(JobStatus.values().length);
        byte[] bytes = StateCodec.encode(populated);
        LedgerState decoded = StateCodec.decode(bytes);
        assertThat(decoded).isEqualTo(populated);
        assertThat(decoded.root()).isEqualTo(populated.root());
        assertThat(StateCodec.encode(decoded)).isEqualTo(bytes);
        assertThat(decoded.supplyConserved()).isTrue();
    }

    @Test
    void emptyAndGenesisStatesRoundTrip() {
        for (LedgerState state : List.of(LedgerState.empty(), LedgerFixture.standard().genesisState())) {
            LedgerState decoded = StateCodec.decode(StateCodec.encode(state));
            assertThat(decoded).isEqualTo(state);
            assertThat(decoded.root()).isEqualTo(state.root());
        }
    }

    @Test
    void theEmptyStateEncodingIsPinned() {
        // magic "GMST", version 1, height 0, no network, minted 0, burned 0, three empty tables
        assertThat(HexFormat.of().formatHex(StateCodec.encode(LedgerState.empty()))).isEqualTo(
                "474d5354" + "01" + "0000000000000000" + "00" + "0000000000000000" + "0000000000000000"
                        + "00000000" + "00000000" + "00000000");
    }

    @Test
    void theRootIsTheDomainTaggedHashOfTheScalarsAndTheTableRoots() {
        var preimage = new dev.gridmint.core.codec.ByteWriter();
        StateCodec.writeScalars(preimage, populated);
        preimage.hash(populated.accounts().merkleRoot(StateCodec.ACCOUNT_ENTRY))
                .hash(populated.providers().merkleRoot(StateCodec.PROVIDER_ENTRY))
                .hash(populated.jobs().merkleRoot(StateCodec.JOB_ENTRY));
        assertThat(populated.root()).isEqualTo(
                Hash.sha256("gridmint/state/v2".getBytes(StandardCharsets.UTF_8), preimage.toByteArray()));
        // The scalars are the snapshot's header after magic (4 bytes) and version (1 byte).
        byte[] encoded = StateCodec.encode(populated);
        byte[] scalars = preimage.toByteArray();
        assertThat(java.util.Arrays.copyOfRange(encoded, 5, 5 + scalars.length - 3 * Hash.LENGTH))
                .isEqualTo(java.util.Arrays.copyOf(scalars, scalars.length - 3 * Hash.LENGTH));
    }

    @Test
    void aDecodedSnapshotHasTheSameRoot() {
        assertThat(StateCodec.decode(StateCodec.encode(populated)).root()).isEqualTo(populated.root());
    }

    @Test
    void theRootChangesWithAnyField() {
        Hash root = populated.root();
        Address someone = TestKeys.of("someone").address();
        assertThat(populated.nextHeight().root()).isNotEqualTo(root);
        assertThat(populated.withAccount(someone, new Account(0, 0)).root()).isNotEqualTo(root);
        assertThat(populated.withAccount(someone, new Account(0, 1)).root()).isNotEqualTo(root);
        var alice = LedgerFixture.ALICE.address();
        var aliceAccount = populated.account(alice);
        assertThat(populated.withAccount(alice, new Account(aliceAccount.balance() + 1, aliceAccount.nonce())).root())
                .isNotEqualTo(root);
        Job job = populated.jobs().values().iterator().next();
        assertThat(populated.withJob(job.withUsage(job.usageMillis() + 1)).root()).isNotEqualTo(root);
        // ...and is a pure function of the value.
        assertThat(StateCodec.decode(StateCodec.encode(populated)).root()).isEqualTo(root);
    }

    @Test
    void refusesEveryTruncationAndTrailingBytes() {
        byte[] bytes = StateCodec.encode(populated);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> StateCodec.decode(truncated)).as("truncated to %d", length)
                    .isInstanceOf(DecodeException.class);
        }
        assertThatThrownBy(() -> StateCodec.decode(Arrays.copyOf(bytes, bytes.length + 1))).isInstanceOf(DecodeException.class);
    }

    @Test
    void refusesBadMagicAndVersion() {
        byte[] bytes = StateCodec.encode(populated);
        byte[] magic = bytes.clone();
        magic[0] ^= 1;
        assertThatThrownBy(() -> StateCodec.decode(magic)).isInstanceOf(DecodeException.class);
        byte[] version = bytes.clone();
        version[4] = 2;
        assertThatThrownBy(() -> StateCodec.decode(version)).isInstanceOf(DecodeException.class).hasMessageContaining("version");
    }

    @Test
    void refusesNonCanonicalBooleans() {
        byte[] bytes = StateCodec.encode(populated);
        assertThat(bytes[13]).as("the has-network flag").isEqualTo((byte) 1);
        bytes[13] = 2;
        assertThatThrownBy(() -> StateCodec.decode(bytes)).isInstanceOf(DecodeException.class);

        // The has-result flag of a job: the first byte where a job with and without a result differ.
        Job job = sampleJob(JobStatus.QUEUED);
        byte[] without = StateCodec.encode(stateWith(job));
        byte[] with = StateCodec.encode(stateWith(job.completed(Hash.sha256(new byte[0]))));
        int flag = Arrays.mismatch(without, with);
        // status differs first (QUEUED vs COMPLETED); find the flag after it
        int resultFlag = flag + 1 + Arrays.mismatch(Arrays.copyOfRange(without, flag + 1, without.length),
                Arrays.copyOfRange(with, flag + 1, with.length));
        assertThat(without[resultFlag]).isZero();
        assertThat(with[resultFlag]).isEqualTo((byte) 1);
        byte[] broken = without.clone();
        broken[resultFlag] = 2;
        assertThatThrownBy(() -> StateCodec.decode(broken)).isInstanceOf(DecodeException.class);
    }

    @Test
    void refusesUnknownJobStatuses() {
        byte[] queued = StateCodec.encode(stateWith(sampleJob(JobStatus.QUEUED)));
        byte[] cancelled = StateCodec.encode(stateWith(sampleJob(JobStatus.QUEUED).cancelled()));
        int status = Arrays.mismatch(queued, cancelled);
        assertThat(queued[status]).isEqualTo((byte) JobStatus.QUEUED.ordinal());
        for (int ordinal : new int[] {JobStatus.values().length, 255}) {
            byte[] broken = queued.clone();
            broken[status] = (byte) ordinal;
            assertThatThrownBy(() -> StateCodec.decode(broken)).isInstanceOf(DecodeException.class);
        }
    }

    @Test
    void refusesNegativeBalancesAndNonces() {
        Address a = TestKeys.of("a").address();
        byte[] five = StateCodec.encode(LedgerState.empty().withAccount(a, new Account(5, 9)));
        byte[] six = StateCodec.encode(LedgerState.empty().withAccount(a, new Account(6, 9)));
        int balanceEnd = Arrays.mismatch(five, six);
        byte[] negativeBalance = five.clone();
        negativeBalance[balanceEnd - 7] = (byte) 0x80;
        assertThatThrownBy(() -> StateCodec.decode(negativeBalance)).isInstanceOf(DecodeException.class);
        byte[] negativeNonce = five.clone();
        negativeNonce[balanceEnd + 1] = (byte) 0xff;
        assertThatThrownBy(() -> StateCodec.decode(negativeNonce)).isInstanceOf(DecodeException.class);
    }

    @Test
    void refusesTablesOutOfKeyOrderOrWithDuplicates() {
        Address a = TestKeys.of("a").address();
        Address b = TestKeys.of("b").address();
        LedgerState two = LedgerState.empty().withAccount(a, new Account(1, 0)).withAccount(b, new Account(2, 0));
        byte[] bytes = StateCodec.encode(two);
        int entries = 4 + 1 + 8 + 1 + 8 + 8 + 4; // header, no network, supply, account count
        int size = Address.LENGTH + 16;
        byte[] first = Arrays.copyOfRange(bytes, entries, entries + size);
        byte[] second = Arrays.copyOfRange(bytes, entries + size, entries + 2 * size);

        byte[] swapped = bytes.clone();
        System.arraycopy(second, 0, swapped, entries, size);
        System.arraycopy(first, 0, swapped, entries + size, size);
        assertThatThrownBy(() -> StateCodec.decode(swapped)).isInstanceOf(DecodeException.class);

        byte[] duplicated = bytes.clone();
        System.arraycopy(first, 0, duplicated, entries + size, size);
        assertThatThrownBy(() -> StateCodec.decode(duplicated)).isInstanceOf(DecodeException.class);
    }

    private static Job sampleJob(JobStatus status) {
        var spec = new JobSpec("w", List.of("a"), 1, 60, 1_000);
        var job = Job.submitted(Hash.sha256(new byte[] {7}), TestKeys.of("t").address(), spec, spec.worstCaseCost(), 3);
        assertThat(job.status()).isEqualTo(status);
        return job;
    }

    private static LedgerState stateWith(Job job) {
        return new LedgerState(4, Optional.empty(), SortedTable.empty(), SortedTable.empty(),
                SortedTable.copyOf(new TreeMap<>(Map.of(job.id(), job))), 0, 0);
    }
}
