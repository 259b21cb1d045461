package dev.gridmint.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.codec.DecodeException;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.core.testing.TestKeys;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
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
        // an entry in every table
        assertThat(populated.accounts().size()).isPositive();
        assertThat(populated.providers().size()).isPositive();
        assertThat(populated.checkers().size()).isPositive();
        assertThat(populated.delegations().size()).isPositive();
        assertThat(populated.unbondings().size()).isPositive();
        assertThat(populated.vesting().size()).isPositive();
        assertThat(populated.prices().size()).isPositive();
        assertThat(populated.proposals().size()).isPositive();
        assertThat(populated.epochs().size()).isPositive();
        assertThat(populated.partnerTokens().size()).isPositive();
        assertThat(populated.partnerPools().size()).isPositive();
        assertThat(populated.partnerStakes().size()).isPositive();
        assertThat(populated.partnerBalances().size()).isPositive();
        // and non-trivial scalars
        assertThat(populated.supply().vault()).isPositive();
        assertThat(populated.supply().staked()).isPositive();
        assertThat(populated.supply().rewardPool()).isPositive();
        assertThat(populated.supply().creditsBurned()).isPositive();
        assertThat(populated.clock().epoch()).isPositive();
        byte[] bytes = StateCodec.encode(populated);
        LedgerState decoded = StateCodec.decode(bytes);
        assertThat(decoded).isEqualTo(populated);
        assertThat(decoded.root()).isEqualTo(populated.root());
        assertThat(StateCodec.encode(decoded)).isEqualTo(bytes);
        assertThat(SupplyAudit.problems(decoded)).isEmpty();
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
        // magic "GMST", version 4, height 0, no network, nine supply totals, six clock fields, the zero seed,
        // sixteen empty tables
        assertThat(HexFormat.of().formatHex(StateCodec.encode(LedgerState.empty()))).isEqualTo(
                "474d5354" + "04" + "0000000000000000" + "00" + "0000000000000000".repeat(9)
                        + "0000000000000000".repeat(6) + "00".repeat(32) + "00000000".repeat(16));
    }

    @Test
    void theRootIsTheDomainTaggedHashOfTheScalarsAndTheTableRoots() {
        var scalars = new dev.gridmint.core.codec.ByteWriter();
        StateCodec.writeScalars(scalars, populated);
        byte[] scalarBytes = scalars.toByteArray();
        var preimage = new dev.gridmint.core.codec.ByteWriter();
        preimage.fixed(scalarBytes)
                .hash(populated.accounts().merkleRoot(StateCodec.ACCOUNT_ENTRY))
                .hash(populated.providers().merkleRoot(StateCodec.PROVIDER_ENTRY))
                .hash(populated.jobs().merkleRoot(StateCodec.JOB_ENTRY))
                .hash(populated.checkers().merkleRoot(StateCodec.CHECKER_ENTRY))
                .hash(populated.delegations().merkleRoot(StateCodec.DELEGATION_ENTRY))
                .hash(populated.unbondings().merkleRoot(StateCodec.UNBONDING_ENTRY))
                .hash(populated.vesting().merkleRoot(StateCodec.VESTING_ENTRY))
                .hash(populated.prices().merkleRoot(StateCodec.PRICE_ENTRY))
                .hash(populated.proposals().merkleRoot(StateCodec.PROPOSAL_ENTRY))
                .hash(populated.epochs().merkleRoot(StateCodec.EPOCH_ENTRY))
                .hash(populated.partnerTokens().merkleRoot(StateCodec.PARTNER_TOKEN_ENTRY))
                .hash(populated.partnerPools().merkleRoot(StateCodec.PARTNER_POOL_ENTRY))
                .hash(populated.partnerStakes().merkleRoot(StateCodec.PARTNER_STAKE_ENTRY))
                .hash(populated.partnerBalances().merkleRoot(StateCodec.PARTNER_BALANCE_ENTRY))
                .hash(populated.verdicts().merkleRoot(StateCodec.VERDICT_ENTRY))
                .hash(populated.verdictOutcomes().merkleRoot(StateCodec.VERDICT_OUTCOME_ENTRY));
        assertThat(populated.root()).isEqualTo(
                Hash.sha256("gridmint/state/v4".getBytes(StandardCharsets.UTF_8), preimage.toByteArray()));
        // The scalars are the snapshot's header after magic (4 bytes) and version (1 byte).
        byte[] encoded = StateCodec.encode(populated);
        assertThat(Arrays.copyOfRange(encoded, 5, 5 + scalarBytes.length)).isEqualTo(scalarBytes);
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
        assertThat(populated.withAccount(someone, new Account(0, 0, 0)).root()).isNotEqualTo(root);
        assertThat(populated.withAccount(someone, new Account(0, 0, 1)).root()).isNotEqualTo(root);
        var alice = LedgerFixture.ALICE.address();
        var aliceAccount = populated.account(alice);
        assertThat(populated.withAccount(alice, aliceAccount.credit(1)).root()).isNotEqualTo(root);
        assertThat(populated.withAccount(alice, aliceAccount.withCredits(aliceAccount.credits() + 1)).root()).isNotEqualTo(root);
        Job job = populated.jobs().values().iterator().next();
        assertThat(populated.withJob(job.withUsage(job.usageMillis() + 1)).root()).isNotEqualTo(root);
        assertThat(populated.withSupply(populated.supply().vault(1)).root()).isNotEqualTo(root);
        assertThat(populated.withClock(populated.clock().at(populated.now() + 1)).root()).isNotEqualTo(root);
        Checker checker = populated.checkers().values().iterator().next();
        assertThat(populated.withChecker(checker.withCommission(checker.commission() + 1)).root()).isNotEqualTo(root);
        Unbonding unbonding = populated.unbondings().values().iterator().next();
        assertThat(populated.withoutUnbonding(unbonding.id()).root()).isNotEqualTo(root);
        assertThat(populated.withoutUnbonding(unbonding.id()).withUnbonding(unbonding).root()).isEqualTo(root);
        Address reporter = populated.prices().asMap().firstKey();
        assertThat(populated.withPrice(reporter, new PriceReport(7, 0)).root()).isNotEqualTo(root);
        Proposal proposal = populated.proposals().values().iterator().next();
        assertThat(populated.withProposal(proposal.markExecuted()).root()).isNotEqualTo(root);
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
        // a completed job differs first in its status (escrow and charges are the same)
        byte[] completed = StateCodec.encode(stateWith(sampleJob(JobStatus.QUEUED).completed(Hash.sha256())));
        int status = Arrays.mismatch(queued, completed);
        assertThat(queued[status]).isEqualTo((byte) JobStatus.QUEUED.ordinal());
        for (int ordinal : new int[] {JobStatus.values().length, 255}) {
            byte[] broken = queued.clone();
            broken[status] = (byte) ordinal;
            assertThatThrownBy(() -> StateCodec.decode(broken)).isInstanceOf(DecodeException.class);
        }
    }

    @Test
    void refusesNegativeBalancesCreditsAndNonces() {
        Address a = TestKeys.of("a").address();
        byte[] five = StateCodec.encode(LedgerState.empty().withAccount(a, new Account(5, 3, 9)));
        byte[] six = StateCodec.encode(LedgerState.empty().withAccount(a, new Account(6, 3, 9)));
        int balanceEnd = Arrays.mismatch(five, six);
        assertThat(StateCodec.decode(five).account(a)).isEqualTo(new Account(5, 3, 9));
        byte[] negativeBalance = five.clone();
        negativeBalance[balanceEnd - 7] = (byte) 0x80;
        assertThatThrownBy(() -> StateCodec.decode(negativeBalance)).isInstanceOf(DecodeException.class);
        byte[] negativeCredits = five.clone();
        negativeCredits[balanceEnd + 1] = (byte) 0xff;
        assertThatThrownBy(() -> StateCodec.decode(negativeCredits)).isInstanceOf(DecodeException.class);
        byte[] negativeNonce = five.clone();
        negativeNonce[balanceEnd + 9] = (byte) 0xff;
        assertThatThrownBy(() -> StateCodec.decode(negativeNonce)).isInstanceOf(DecodeException.class);
    }

    @Test
    void refusesBrokenEconomicRecords() {
        // A supply total that is negative: the first supply field follows height and the has-network flag.
        byte[] empty = StateCodec.encode(LedgerState.empty());
        byte[] negativeMinted = empty.clone();
        negativeMinted[4 + 1 + 8 + 1] = (byte) 0x80;
        assertThatThrownBy(() -> StateCodec.decode(negativeMinted)).isInstanceOf(DecodeException.class);
        // A clock whose time is before genesis: genesis time 0 -> 1 while now stays 0.
        byte[] beforeGenesis = empty.clone();
        beforeGenesis[4 + 1 + 8 + 1 + 9 * 8 + 7] = 1;
        assertThatThrownBy(() -> StateCodec.decode(beforeGenesis)).isInstanceOf(DecodeException.class);
        // An unbonding whose from-provider flag is not a boolean.
        var unbonding = new Unbonding(Hash.sha256(new byte[] {3}), TestKeys.of("o").address(), TestKeys.of("s").address(),
                true, 5, 9);
        byte[] withUnbonding = StateCodec.encode(LedgerState.empty().withUnbonding(unbonding));
        byte[] otherFlag = StateCodec.encode(LedgerState.empty().withUnbonding(
                new Unbonding(unbonding.id(), unbonding.owner(), unbonding.source(), false, 5, 9)));
        int flag = Arrays.mismatch(withUnbonding, otherFlag);
        byte[] broken = withUnbonding.clone();
        broken[flag] = 2;
        assertThatThrownBy(() -> StateCodec.decode(broken)).isInstanceOf(DecodeException.class);
        // A vesting grant that released more than it holds.
        var grant = new VestingGrant(10, 3, 0, 5);
        byte[] vesting = StateCodec.encode(LedgerState.empty().withVesting(TestKeys.of("g").address(), grant));
        byte[] released = StateCodec.encode(LedgerState.empty().withVesting(TestKeys.of("g").address(),
                new VestingGrant(10, 4, 0, 5)));
        int releasedAt = Arrays.mismatch(vesting, released);
        byte[] overReleased = vesting.clone();
        overReleased[releasedAt] = 11;
        assertThatThrownBy(() -> StateCodec.decode(overReleased)).isInstanceOf(DecodeException.class);
        // A negative reward index in a checker.
        var checker = new Checker(TestKeys.of("c").address(), 0, 0, BigInteger.valueOf(5), 0);
        byte[] checkerBytes = StateCodec.encode(LedgerState.empty().withChecker(checker));
        byte[] otherIndex = StateCodec.encode(LedgerState.empty().withChecker(
                new Checker(checker.operator(), 0, 0, BigInteger.valueOf(6), 0)));
        int index = Arrays.mismatch(checkerBytes, otherIndex);
        byte[] negativeIndex = checkerBytes.clone();
        negativeIndex[index] = (byte) 0xfb; // -5 in one byte
        assertThatThrownBy(() -> StateCodec.decode(negativeIndex)).isInstanceOf(DecodeException.class);
        // A params record out of range in the network config: max job attempts 0.
        byte[] genesis = StateCodec.encode(LedgerFixture.standard().genesisState());
        int attempts = 4 + 1 + 8 + 1 + 4 + LedgerFixture.NETWORK_ID.length() + 32 + 32;
        assertThat(ByteBuffer.wrap(genesis, attempts, 4).getInt()).isEqualTo(3);
        byte[] zeroAttempts = genesis.clone();
        ByteBuffer.wrap(zeroAttempts).putInt(attempts, 0);
        assertThatThrownBy(() -> StateCodec.decode(zeroAttempts)).isInstanceOf(DecodeException.class);
    }

    @Test
    void verdictsOutcomesReputationAndTheSeedRoundTripAndMoveTheRoot() {
        Address provider = populated.providers().asMap().firstKey();
        Address checker = populated.checkers().asMap().firstKey();
        var subject = new VerdictSubject(provider, VerdictKind.CAPACITY);
        LedgerState judged = populated.withVerdict(new VerdictKey(subject, checker), new Verdict(640, Hash.sha256(new byte[] {3})))
                .withVerdictOutcomes(SortedTable.copyOf(java.util.Map.of(subject, new VerdictOutcome(150, 42))))
                .withEpochSeed(Hash.sha256(new byte[] {4}))
                .withProvider(populated.provider(provider).orElseThrow().withReputation(999));
        LedgerState decoded = StateCodec.decode(StateCodec.encode(judged));
        assertThat(decoded).isEqualTo(judged);
        assertThat(decoded.root()).isEqualTo(judged.root());
        assertThat(decoded.reputation(provider)).hasValue(999);
        Hash root = populated.root();
        assertThat(populated.withEpochSeed(Hash.sha256(new byte[] {4})).root()).isNotEqualTo(root);
        assertThat(populated.withVerdict(new VerdictKey(subject, checker), new Verdict(0, root)).root()).isNotEqualTo(root);
        assertThat(judged.withVerdicts(SortedTable.empty()).root()).isNotEqualTo(judged.root());

        // a verdict of an unknown kind, or with a score above 1000, does not decode
        byte[] bytes = StateCodec.encode(LedgerState.empty().withVerdict(new VerdictKey(subject, checker),
                new Verdict(1_000, root)));
        int verdict = bytes.length - 4 - (32 + 1 + 32 + 4 + 32); // the verdict entry, then an empty outcome table
        assertThat(bytes[verdict + 32]).isEqualTo((byte) VerdictKind.CAPACITY.ordinal());
        byte[] badKind = bytes.clone();
        badKind[verdict + 32] = (byte) VerdictKind.values().length;
        assertThatThrownBy(() -> StateCodec.decode(badKind)).isInstanceOf(DecodeException.class);
        byte[] badScore = bytes.clone();
        ByteBuffer.wrap(badScore).putInt(verdict + 65, 1_001);
        assertThatThrownBy(() -> StateCodec.decode(badScore)).isInstanceOf(DecodeException.class);
    }

    @Test
    void refusesTablesOutOfKeyOrderOrWithDuplicates() {
        Address a = TestKeys.of("a").address();
        Address b = TestKeys.of("b").address();
        LedgerState two = LedgerState.empty().withAccount(a, new Account(1, 0, 0)).withAccount(b, new Account(2, 0, 0));
        byte[] bytes = StateCodec.encode(two);
        int entries = 4 + 1 + 8 + 1 + 9 * 8 + 6 * 8 + 32 + 4; // header, no network, supply, clock, seed, account count
        int size = Address.LENGTH + 24;
        byte[] first = Arrays.copyOfRange(bytes, entries, entries + size);
        byte[] second = Arrays.copyOfRange(bytes, entries + size, entries + 2 * size);
        assertThat(StateCodec.decode(bytes)).isEqualTo(two);

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
        return LedgerState.empty().nextHeight().withJob(job);
    }
}
