package dev.gridmint.core.transition;

import static dev.gridmint.core.testing.LedgerFixture.ALICE;
import static dev.gridmint.core.testing.LedgerFixture.BOB;
import static dev.gridmint.core.testing.LedgerFixture.CAROL;
import static dev.gridmint.core.testing.LedgerFixture.CC;
import static dev.gridmint.core.testing.LedgerFixture.COUNCIL_1;
import static dev.gridmint.core.testing.LedgerFixture.COUNCIL_2;
import static dev.gridmint.core.testing.LedgerFixture.COUNCIL_3;
import static dev.gridmint.core.testing.LedgerFixture.FOUNDER;
import static dev.gridmint.core.testing.LedgerFixture.GRID;
import static dev.gridmint.core.testing.LedgerFixture.ORACLE;
import static dev.gridmint.core.testing.LedgerFixture.PRICE;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_1;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_2;
import static dev.gridmint.core.testing.LedgerFixture.TREASURY;
import static dev.gridmint.core.testing.LedgerFixture.gpuOffer;
import static dev.gridmint.core.testing.LedgerFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.economics.Slashing.Offence;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.TokenParams;
import dev.gridmint.core.state.Account;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.Lease;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.NetworkConfig;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.state.SupplyAudit;
import dev.gridmint.core.state.Unbonding;
import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.core.state.VestingGrant;
import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.*;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The ledger's rules, one at a time. Every refusal goes through {@link LedgerFixture#reject},
 * which also checks that the state, and so its root, did not change; after every test the
 * supply audit must find nothing wrong. The standard fixture prices GRID at 1 USD, so a credit
 * buys (and pays out) one micro-GRID per micro-CC, which keeps the arithmetic readable.
 */
class StateTransitionTest {

    /** Two devices, an hour at most, 2.5 CC per device-hour at most: a worst case of 5 CC. */
    private static final JobSpec SPEC = spec(2, 3_600, 2_500_000);
    private static final long WORST_CASE = 5_000_000;
    private static final Hash RESULT = Hash.sha256("result".getBytes(StandardCharsets.UTF_8));
    private static final Hash NO_SUCH_JOB = Hash.sha256("no such job".getBytes(StandardCharsets.UTF_8));

    private LedgerFixture ledger;
    private Keypair coordinator;

    @BeforeEach
    void genesis() {
        ledger = LedgerFixture.standard();
        coordinator = ledger.coordinator();
    }

    @AfterEach
    void theSupplyAuditHolds() {
        ledger.audit();
    }

    // ---- shared steps ----

    /** A job of alice's, queued, with a 6 CC escrow; provider 1 offers four GPUs at 2 CC and is staked. */
    private Hash queuedJob() {
        ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC));
        return ledger.submit(ALICE, SPEC, 6 * CC);
    }

    private Hash leasedJob() {
        Hash job = queuedJob();
        ledger.apply(coordinator, new AssignLease(job, PROVIDER_1.address()));
        return job;
    }

    /** A job leased for {@code seconds} of ledger time, then completed. */
    private Hash completedJob(long seconds) {
        Hash job = leasedJob();
        ledger.advance(seconds);
        ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, seconds * 1000));
        ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
        return job;
    }

    private TxError reject(Keypair signer, TxPayload payload) {
        return ledger.reject(signer, payload);
    }

    private static SignedTx withSignature(SignedTx tx, byte[] signature) {
        return new SignedTx(tx.networkId(), tx.signer(), tx.nonce(), tx.payload(), signature);
    }

    // ---- the whole life of a job ----

    @Test
    void aJobsWholeLifeMovesExactlyTheRightAmounts() {
        ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC));
        Provider provider = ledger.provider(PROVIDER_1);
        assertThat(provider.offer()).isEqualTo(gpuOffer(4, 2 * CC));
        assertThat(provider.bonded()).isEqualTo(4 * ledger.params().staking().gpuStakeUnit());
        long credits0 = ledger.credits(ALICE);
        long alice0 = ledger.balance(ALICE);
        long provider0 = ledger.balance(PROVIDER_1);
        long treasury0 = ledger.balance(TREASURY);
        long vault0 = ledger.state().supply().vault();
        long minted0 = ledger.state().supply().minted();

        assertThat(SPEC.worstCaseCost()).isEqualTo(WORST_CASE);
        SignedTx submit = ledger.signed(ALICE, new SubmitJob(SPEC, 6 * CC));
        ledger.apply(submit);
        Hash id = submit.hash();
        Job job = ledger.job(id);
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.tenant()).isEqualTo(ALICE.address());
        assertThat(job.escrow()).isEqualTo(6 * CC);
        assertThat(job.deposited()).isEqualTo(6 * CC);
        assertThat(job.spec()).isEqualTo(SPEC);
        assertThat(job.submittedAtHeight()).isEqualTo(ledger.state().height());
        assertThat(ledger.credits(ALICE)).isEqualTo(credits0 - 6 * CC);
        assertThat(ledger.balance(ALICE)).as("escrow is paid in credits, not GRID").isEqualTo(alice0);
        assertThat(ledger.state().supply().escrowed()).isEqualTo(6 * CC);

        long leasedAt = ledger.now();
        ledger.apply(coordinator, new AssignLease(id, PROVIDER_1.address()));
        job = ledger.job(id);
        assertThat(job.status()).isEqualTo(JobStatus.LEASED);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.lease()).contains(Lease.started(PROVIDER_1.address(), 1, 2 * CC, ledger.state().height(), leasedAt));

        // 900 s of ledger time: 2 devices x 2 CC/h x 0.25 h = 1 CC, billed at the next touch; 5% fee.
        ledger.advance(900);
        assertThat(ledger.job(id).charged()).as("billing is lazy").isZero();
        ledger.apply(PROVIDER_1, new UsageReceipt(id, 1, 900_000));
        job = ledger.job(id);
        assertThat(job.usageMillis()).isEqualTo(900_000);
        assertThat(job.charged()).isEqualTo(CC);
        assertThat(job.fees()).isEqualTo(50_000);
        assertThat(job.escrow()).isEqualTo(5 * CC);
        assertThat(job.lease().orElseThrow().settledAt()).isEqualTo(leasedAt + 900);
        assertThat(ledger.balance(PROVIDER_1)).as("paid in GRID at 1 USD").isEqualTo(provider0 + 950_000);
        assertThat(ledger.balance(TREASURY)).isEqualTo(treasury0 + 50_000);
        assertThat(ledger.provider(PROVIDER_1).epochWork()).isEqualTo(CC);

        // 1,000 s more: 1,900 s in all = 2,111,111.1 -> 2,111,111; this bill 1,111,111 with a fee of 55,555.55 -> 55,556.
        ledger.advance(1_000);
        ledger.apply(PROVIDER_1, new CompleteJob(id, 1, RESULT));
        job = ledger.job(id);
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.resultHash()).contains(RESULT);
        long charged = 2_111_111;
        long fee = 50_000 + 55_556;
        assertThat(job.charged()).isEqualTo(charged);
        assertThat(job.fees()).isEqualTo(fee);

        // After completion time no longer bills.
        ledger.advance(3_600);
        ledger.apply(coordinator, new SettleJob(id));
        job = ledger.job(id);
        assertThat(job.status()).isEqualTo(JobStatus.SETTLED);
        assertThat(job.settlement()).contains(new Settlement(charged, charged - fee, fee, 6 * CC - charged, 0));
        assertThat(job.escrow()).isZero();
        assertThat(ledger.balance(PROVIDER_1)).isEqualTo(provider0 + charged - fee);
        assertThat(ledger.balance(TREASURY)).isEqualTo(treasury0 + fee);
        assertThat(ledger.credits(ALICE)).as("the rest of the escrow comes back").isEqualTo(credits0 - charged);
        var supply = ledger.state().supply();
        assertThat(supply.escrowed()).isZero();
        assertThat(supply.vault()).as("providers are paid out of the vault").isEqualTo(vault0 - charged);
        assertThat(supply.minted()).as("the vault covered it: nothing minted").isEqualTo(minted0);
        assertThat(supply.creditsBurned()).isEqualTo(charged);
        assertThat(LedgerFixture.replay(ledger.log()).root()).isEqualTo(ledger.state().root());
    }

    @Test
    void billingIsPerSecondOfLedgerTimeAndRoundsTheRunningTotal() {
        Hash job = leasedJob();
        // 2 devices x 2 CC/h = 1,111.1 micro-CC a second: each touch bills the running total, rounded down.
        for (int second = 1; second <= 9; second++) {
            ledger.tick(1);
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, second * 1000L));
            assertThat(ledger.job(job).charged()).as("after %d s", second).isEqualTo(4 * CC * second / 3_600);
        }
        assertThat(ledger.job(job).charged()).as("1,111 + 1,111 + ... rounded as a total").isEqualTo(10_000);
        // receipts record usage, but do not drive billing: a receipt without time passing bills nothing
        ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 3_000_000));
        assertThat(ledger.job(job).charged()).isEqualTo(10_000);
        // billing stops at the job's max duration
        ledger.advance(10 * 3_600);
        ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 3_600_000));
        assertThat(ledger.job(job).charged()).isEqualTo(4 * CC);
        assertThat(ledger.job(job).status()).isEqualTo(JobStatus.LEASED);
        assertThat(ledger.job(job).escrow()).isEqualTo(2 * CC);
    }

    @Test
    void withoutAFreshPriceProvidersAreCreditedInCredits() {
        Hash job = leasedJob();
        long provider0 = ledger.balance(PROVIDER_1);
        // more than the oracle's max age passes without a report: no price
        ledger.tick(ledger.params().oracle().maxAgeSeconds() + 1);
        ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 1_000));
        long charged = ledger.job(job).charged();
        assertThat(charged).as("capped at the job's hour").isEqualTo(4 * CC);
        long fee = 200_000;
        assertThat(ledger.job(job).fees()).isEqualTo(fee);
        assertThat(ledger.balance(PROVIDER_1)).isEqualTo(provider0);
        assertThat(ledger.credits(PROVIDER_1)).isEqualTo(charged - fee);
        assertThat(ledger.state().account(TREASURY.address()).credits()).isEqualTo(fee);
        assertThat(ledger.state().supply().creditsBurned()).as("credits moved, none burned").isZero();
        assertThat(reject(ALICE, new MintCredits(CC, Long.MAX_VALUE))).isEqualTo(TxError.PRICE_UNAVAILABLE);
    }

    @Test
    void aLeaseThatOutrunsItsEscrowOverdraws() {
        // a two-day job at 2 CC/h on two devices; the escrow covers the one-day minimum runway: 96 CC
        JobSpec twoDays = spec(2, 2 * 24 * 3_600, 2 * CC);
        ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC));
        assertThat(reject(ALICE, new SubmitJob(twoDays, 96 * CC - 1))).isEqualTo(TxError.ESCROW_TOO_LOW);
        Hash job = ledger.submit(ALICE, twoDays, 96 * CC);
        long credits = ledger.credits(ALICE);
        ledger.apply(coordinator, new AssignLease(job, PROVIDER_1.address()));
        ledger.advance(25 * 3_600);
        ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 1));
        Job overdrawn = ledger.job(job);
        assertThat(overdrawn.status()).isEqualTo(JobStatus.OVERDRAWN);
        assertThat(overdrawn.charged()).isEqualTo(96 * CC);
        assertThat(overdrawn.settlement().orElseThrow().unsettled()).as("the 25th hour").isEqualTo(4 * CC);
        assertThat(overdrawn.settlement().orElseThrow().refunded()).isZero();
        assertThat(ledger.credits(ALICE)).isEqualTo(credits);
        assertThat(reject(PROVIDER_1, new CompleteJob(job, 1, RESULT))).isEqualTo(TxError.NOT_LEASE_HOLDER);
        assertThat(reject(ALICE, new TopUpEscrow(job, CC))).isEqualTo(TxError.INVALID_JOB_STATE);
    }

    @Test
    void applyIsAPureFunction() {
        Hash job = queuedJob();
        LedgerState before = ledger.state();
        Hash rootBefore = before.root();
        SignedTx assign = ledger.signed(coordinator, new AssignLease(job, PROVIDER_1.address()));
        ApplyResult first = StateTransition.apply(before, assign);
        ApplyResult second = StateTransition.apply(before, assign);
        assertThat(first).isEqualTo(second);
        assertThat(((Applied) first).state().root()).isEqualTo(((Applied) second).state().root());
        assertThat(before.root()).isEqualTo(rootBefore);
        assertThat(before.job(job).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        ledger.apply(assign);
    }

    // ---- genesis ----

    @Nested
    class Genesis_ {

        private final Keypair signer = TestKeys.of("genesis-signer");
        private final Address a = TestKeys.of("ga").address();
        private final NetworkParams params = LedgerFixture.defaultParams();

        private ApplyResult apply(String network, long nonce, List<Allocation> allocations) {
            var genesis = new Genesis(TREASURY.address(), signer.address(), params, 1_000, allocations);
            return StateTransition.apply(LedgerState.empty(), SignedTx.sign(signer, network, nonce, genesis));
        }

        private TxError error(ApplyResult result) {
            assertThat(result).isInstanceOf(Rejected.class);
            return ((Rejected) result).error();
        }

        @Test
        void createsTheSupplyAndFixesTheNetwork() {
            LedgerState state = ((Applied) apply("net", 1, List.of(Allocation.liquid(a, 5), Allocation.liquid(a, 7),
                    Allocation.liquid(TREASURY.address(), 100), new Allocation(signer.address(), 50, 10, 100)))).state();
            assertThat(state.height()).isEqualTo(1);
            assertThat(state.supply().minted()).isEqualTo(162);
            assertThat(state.supply().burned()).isZero();
            assertThat(state.supply().vestingLocked()).isEqualTo(50);
            assertThat(state.account(a)).isEqualTo(new Account(12, 0, 0));
            assertThat(state.account(TREASURY.address()).balance()).isEqualTo(100);
            assertThat(state.account(signer.address())).isEqualTo(new Account(0, 0, 1));
            assertThat(state.vesting().get(signer.address())).contains(new VestingGrant(50, 0, 10, 100));
            assertThat(state.network()).contains(new NetworkConfig("net", TREASURY.address(), signer.address(), params));
            assertThat(state.clock().genesisTime()).isEqualTo(1_000);
            assertThat(state.now()).isEqualTo(1_000);
            assertThat(state.clock().epoch()).isZero();
            assertThat(SupplyAudit.problems(state)).isEmpty();
        }

        @Test
        void anEmptyGenesisIsAllowed() {
            LedgerState state = ((Applied) apply("net", 1, List.of())).state();
            assertThat(state.supply().minted()).isZero();
            assertThat(SupplyAudit.problems(state)).isEmpty();
        }

        @Test
        void theGenesisMayAllocateUpToTheAllowanceOnly() {
            long allowance = params.token().genesisAllowance();
            assertThat(allowance).as("half the max supply").isEqualTo(params.token().maxSupply() / 2);
            assertThat(apply("net", 1, List.of(Allocation.liquid(a, allowance - 1), new Allocation(signer.address(), 1, 0, 5))))
                    .isInstanceOf(Applied.class);
            assertThat(error(apply("net", 1, List.of(Allocation.liquid(a, allowance), Allocation.liquid(a, 1)))))
                    .isEqualTo(TxError.SUPPLY_OVERFLOW);
            assertThat(error(apply("net", 1, List.of(new Allocation(a, allowance + 1, 0, 10)))))
                    .isEqualTo(TxError.SUPPLY_OVERFLOW);
        }

        @Test
        void refusals() {
            assertThat(error(apply("net", 1, List.of(Allocation.liquid(a, 0))))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(error(apply("net", 1, List.of(Allocation.liquid(a, -5))))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(error(apply(" ", 1, List.of(Allocation.liquid(a, 5))))).isEqualTo(TxError.MALFORMED);
            assertThat(error(apply("", 1, List.of(Allocation.liquid(a, 5))))).isEqualTo(TxError.MALFORMED);
            assertThat(error(apply("net", 2, List.of(Allocation.liquid(a, 5))))).isEqualTo(TxError.BAD_NONCE);
            assertThat(error(apply("net", 0, List.of(Allocation.liquid(a, 5))))).isEqualTo(TxError.BAD_NONCE);
            assertThat(error(apply("net", 1, List.of(Allocation.liquid(a, Long.MAX_VALUE), Allocation.liquid(TREASURY.address(), 1)))))
                    .isEqualTo(TxError.SUPPLY_OVERFLOW);
            assertThat(error(apply("net", 1, List.of(Allocation.liquid(a, Long.MAX_VALUE), Allocation.liquid(a, 1)))))
                    .isEqualTo(TxError.SUPPLY_OVERFLOW);
            // a cliff after the end of vesting, and two grants for one account
            assertThat(error(apply("net", 1, List.of(new Allocation(a, 5, 11, 10))))).isEqualTo(TxError.MALFORMED);
            assertThat(error(apply("net", 1, List.of(new Allocation(a, 5, 0, 10), new Allocation(a, 5, 0, 10)))))
                    .isEqualTo(TxError.MALFORMED);
        }

        @Test
        void aBadlySignedGenesisIsRefused() {
            var genesis = new Genesis(TREASURY.address(), signer.address(), params, 0, List.of(Allocation.liquid(a, 5)));
            SignedTx tx = SignedTx.sign(signer, "net", 1, genesis);
            byte[] signature = tx.signature();
            signature[5] ^= 1;
            assertThat(error(StateTransition.apply(LedgerState.empty(), withSignature(tx, signature))))
                    .isEqualTo(TxError.BAD_SIGNATURE);
        }

        @Test
        void nothingElseAppliesBeforeGenesis() {
            SignedTx transfer = SignedTx.sign(ALICE, "net", 1, new Transfer(BOB.address(), 1));
            assertThat(error(StateTransition.apply(LedgerState.empty(), transfer))).isEqualTo(TxError.NO_GENESIS);
            SignedTx tick = SignedTx.sign(signer, "net", 1, new Tick(5));
            assertThat(error(StateTransition.apply(LedgerState.empty(), tick))).isEqualTo(TxError.NO_GENESIS);
        }

        @Test
        void aSecondGenesisIsRefused() {
            var again = new Genesis(TREASURY.address(), coordinator.address(), params, 0,
                    List.of(Allocation.liquid(coordinator.address(), 1_000 * GRID)));
            assertThat(ledger.reject(coordinator, again)).isEqualTo(TxError.GENESIS_ALREADY_APPLIED);
            assertThat(ledger.reject(ledger.signedWithNonce(coordinator, 1, again)).error())
                    .isEqualTo(TxError.GENESIS_ALREADY_APPLIED);
            assertThat(ledger.reject(ALICE, again)).isEqualTo(TxError.GENESIS_ALREADY_APPLIED);
        }
    }

    // ---- the envelope ----

    @Nested
    class Envelope {

        @Test
        void aFlippedSignatureIsRefused() {
            SignedTx tx = ledger.signed(ALICE, new Transfer(BOB.address(), GRID));
            byte[] signature = tx.signature();
            signature[17] ^= 0x40;
            assertThat(ledger.reject(withSignature(tx, signature)).error()).isEqualTo(TxError.BAD_SIGNATURE);
        }

        @Test
        void aSignatureByAnotherKeyIsRefused() {
            long alice = ledger.balance(ALICE);
            long nonce = ledger.nonce(ALICE) + 1;
            SignedTx byBob = ledger.signedWithNonce(BOB, nonce, new Transfer(BOB.address(), GRID));
            var forged = new SignedTx(ledger.networkId(), ALICE.address(), nonce, byBob.payload(), byBob.signature());
            assertThat(ledger.reject(forged).error()).isEqualTo(TxError.BAD_SIGNATURE);
            assertThat(ledger.balance(ALICE)).isEqualTo(alice);
        }

        @Test
        void aTamperedPayloadIsRefused() {
            SignedTx tx = ledger.signed(ALICE, new Transfer(BOB.address(), GRID));
            var tampered = new SignedTx(tx.networkId(), tx.signer(), tx.nonce(), new Transfer(BOB.address(), 999 * GRID),
                    tx.signature());
            assertThat(ledger.reject(tampered).error()).isEqualTo(TxError.BAD_SIGNATURE);
        }

        @Test
        void anotherNetworksTransactionIsRefused() {
            SignedTx tx = ledger.signedOn("gridmint-othernet", ALICE, new Transfer(BOB.address(), GRID));
            assertThat(ledger.reject(tx).error()).isEqualTo(TxError.WRONG_NETWORK);
        }

        @Test
        void aReplayIsRefusedAndPaysOnce() {
            long alice = ledger.balance(ALICE);
            long bob = ledger.balance(BOB);
            SignedTx tx = ledger.signed(ALICE, new Transfer(BOB.address(), GRID));
            ledger.apply(tx);
            assertThat(ledger.reject(tx).error()).isEqualTo(TxError.BAD_NONCE);
            assertThat(ledger.balance(BOB)).isEqualTo(bob + GRID);
            assertThat(ledger.balance(ALICE)).isEqualTo(alice - GRID);
        }

        @Test
        void aReusedNonceIsRefused() {
            ledger.apply(ALICE, new Transfer(BOB.address(), GRID));
            long used = ledger.nonce(ALICE);
            SignedTx reused = ledger.signedWithNonce(ALICE, used, new Transfer(CAROL.address(), GRID));
            assertThat(ledger.reject(reused).error()).isEqualTo(TxError.BAD_NONCE);
            assertThat(ledger.reject(ledger.signedWithNonce(ALICE, 0, new Transfer(CAROL.address(), GRID))).error())
                    .isEqualTo(TxError.BAD_NONCE);
        }

        @Test
        void aSkippedNonceIsRefusedAndTheRightOneStillWorks() {
            long next = ledger.nonce(ALICE) + 1;
            SignedTx skipped = ledger.signedWithNonce(ALICE, next + 1, new Transfer(BOB.address(), GRID));
            assertThat(ledger.reject(skipped).error()).isEqualTo(TxError.BAD_NONCE);
            ledger.apply(ledger.signedWithNonce(ALICE, next, new Transfer(BOB.address(), GRID)));
            ledger.apply(skipped);
            assertThat(ledger.nonce(ALICE)).isEqualTo(next + 1);
            assertThat(ledger.reject(ledger.signedWithNonce(ALICE, Long.MAX_VALUE, new Transfer(BOB.address(), 1))).error())
                    .isEqualTo(TxError.BAD_NONCE);
        }

        @Test
        void aRefusalTakesNoNonceAndNoHeight() {
            long height = ledger.state().height();
            long nonce = ledger.nonce(ALICE);
            SignedTx overdraft = ledger.signed(ALICE, new Transfer(BOB.address(), ledger.balance(ALICE) + 1));
            assertThat(ledger.reject(overdraft).error()).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            assertThat(ledger.nonce(ALICE)).isEqualTo(nonce);
            assertThat(ledger.state().height()).isEqualTo(height);
            // the same nonce is still free
            ledger.apply(ledger.signedWithNonce(ALICE, overdraft.nonce(), new Transfer(BOB.address(), GRID)));
            assertThat(ledger.state().height()).isEqualTo(height + 1);
        }
    }

    // ---- transfers ----

    @Nested
    class Transfers {

        @Test
        void moveExactAmounts() {
            long alice = ledger.balance(ALICE);
            long bob = ledger.balance(BOB);
            ledger.apply(ALICE, new Transfer(BOB.address(), 250_000_001));
            assertThat(ledger.balance(ALICE)).isEqualTo(alice - 250_000_001);
            assertThat(ledger.balance(BOB)).isEqualTo(bob + 250_000_001);
        }

        @Test
        void theWholeBalanceMayMove() {
            Account before = ledger.state().account(ALICE.address());
            ledger.apply(ALICE, new Transfer(BOB.address(), before.balance()));
            assertThat(ledger.state().account(ALICE.address()))
                    .isEqualTo(new Account(0, before.credits(), before.nonce() + 1));
        }

        @Test
        void creditsDoNotMoveWithGrid() {
            long credits = ledger.credits(ALICE);
            ledger.apply(ALICE, new Transfer(BOB.address(), GRID));
            assertThat(ledger.credits(ALICE)).isEqualTo(credits);
            assertThat(ledger.credits(BOB)).isEqualTo(LedgerFixture.TENANT_CREDITS);
        }

        @Test
        void toANewAccountCreatesIt() {
            Address stranger = TestKeys.of("stranger").address();
            ledger.apply(ALICE, new Transfer(stranger, 7));
            assertThat(ledger.state().account(stranger)).isEqualTo(new Account(7, 0, 0));
        }

        @Test
        void toOneselfOnlyTakesTheNonce() {
            Account before = ledger.state().account(ALICE.address());
            ledger.apply(ALICE, new Transfer(ALICE.address(), 10 * GRID));
            assertThat(ledger.state().account(ALICE.address())).isEqualTo(before.nextNonce());
        }

        @Test
        void overdraftsAreRefused() {
            assertThat(reject(ALICE, new Transfer(BOB.address(), ledger.balance(ALICE) + 1))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            assertThat(reject(ALICE, new Transfer(BOB.address(), Long.MAX_VALUE))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            Keypair broke = TestKeys.of("broke");
            assertThat(reject(broke, new Transfer(BOB.address(), 1))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
        }

        @Test
        void nonPositiveAmountsAreRefused() {
            assertThat(reject(ALICE, new Transfer(BOB.address(), 0))).isEqualTo(TxError.INVALID_AMOUNT);
            // Not decodable from bytes, but apply must refuse it all the same.
            assertThat(reject(ALICE, new Transfer(BOB.address(), -GRID))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(reject(ALICE, new Transfer(BOB.address(), Long.MIN_VALUE))).isEqualTo(TxError.INVALID_AMOUNT);
        }
    }

    // ---- providers and submissions ----

    @Nested
    class ProvidersAndSubmissions {

        @Test
        void reRegisteringUpdatesTheOfferAndKeepsTheFirstRegistration() {
            ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC));
            long firstHeight = ledger.provider(PROVIDER_1).registeredAtHeight();
            long firstTime = ledger.provider(PROVIDER_1).registeredAt();
            ledger.advance(60);
            ledger.register(PROVIDER_1, gpuOffer(2, 900_000));
            Provider provider = ledger.provider(PROVIDER_1);
            assertThat(provider.offer()).isEqualTo(gpuOffer(2, 900_000));
            assertThat(provider.registeredAtHeight()).isEqualTo(firstHeight);
            assertThat(provider.registeredAt()).isEqualTo(firstTime);
            assertThat(provider.bonded()).as("stake is not returned by a smaller offer").isEqualTo(4_000 * GRID);
            assertThat(ledger.state().providers().size()).isEqualTo(1);
        }

        @Test
        void escrowMustCoverTheMinimumRunway() {
            assertThat(reject(ALICE, new SubmitJob(SPEC, WORST_CASE - 1))).isEqualTo(TxError.ESCROW_TOO_LOW);
            assertThat(reject(ALICE, new SubmitJob(SPEC, 0))).isEqualTo(TxError.ESCROW_TOO_LOW);
            Hash exact = ledger.submit(ALICE, SPEC, WORST_CASE);
            assertThat(ledger.job(exact).escrow()).isEqualTo(WORST_CASE);
            // a job longer than the runway needs only the runway: 24 h at 2.5 CC on two devices
            JobSpec week = spec(2, 7 * 24 * 3_600, 2_500_000);
            assertThat(reject(ALICE, new SubmitJob(week, 120 * CC - 1))).isEqualTo(TxError.ESCROW_TOO_LOW);
            ledger.submit(ALICE, week, 120 * CC);
        }

        @Test
        void escrowMustBeInTheCredits() {
            long credits = ledger.credits(ALICE);
            assertThat(reject(ALICE, new SubmitJob(SPEC, credits + 1))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            assertThat(reject(TestKeys.of("broke"), new SubmitJob(SPEC, WORST_CASE))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            assertThat(reject(PROVIDER_1, new SubmitJob(SPEC, WORST_CASE))).as("GRID is not credits")
                    .isEqualTo(TxError.INSUFFICIENT_FUNDS);
            ledger.submit(ALICE, SPEC, credits);
            assertThat(ledger.credits(ALICE)).isZero();
        }
    }

    // ---- leases ----

    @Nested
    class Assignment {

        @Test
        void onlyTheCoordinatorAssigns() {
            Hash job = queuedJob();
            for (Keypair signer : List.of(ALICE, PROVIDER_1, TREASURY, COUNCIL_1)) {
                assertThat(reject(signer, new AssignLease(job, PROVIDER_1.address()))).isEqualTo(TxError.UNAUTHORIZED);
            }
        }

        @Test
        void theJobMustExistAndBeQueued() {
            queuedJob();
            assertThat(reject(coordinator, new AssignLease(NO_SUCH_JOB, PROVIDER_1.address()))).isEqualTo(TxError.UNKNOWN_JOB);
            Hash leased = leasedJob();
            ledger.register(PROVIDER_2, gpuOffer(8, CC));
            assertThat(reject(coordinator, new AssignLease(leased, PROVIDER_2.address()))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(coordinator, new AssignLease(leased, PROVIDER_1.address()))).isEqualTo(TxError.INVALID_JOB_STATE);
        }

        @Test
        void theProviderMustBeRegistered() {
            Hash job = queuedJob();
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_2.address()))).isEqualTo(TxError.UNKNOWN_PROVIDER);
        }

        @Test
        void theProviderMustHaveBondedTheStakeItsOfferNeeds() {
            Hash job = queuedJob();
            ledger.registerUnstaked(PROVIDER_2, gpuOffer(2, CC));
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_2.address()))).isEqualTo(TxError.PROVIDER_HALTED);
            long unit = ledger.params().staking().gpuStakeUnit();
            ledger.apply(PROVIDER_2, new BondProviderStake(2 * unit - 1));
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_2.address()))).isEqualTo(TxError.PROVIDER_HALTED);
            ledger.apply(PROVIDER_2, new BondProviderStake(1));
            ledger.apply(coordinator, new AssignLease(job, PROVIDER_2.address()));
            assertThat(ledger.job(job).lease().orElseThrow().provider()).isEqualTo(PROVIDER_2.address());
        }

        @Test
        void theOfferMustMeetPriceAndDevices() {
            Hash job = queuedJob();
            ledger.register(PROVIDER_2, gpuOffer(8, 2_500_001));
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_2.address()))).isEqualTo(TxError.OFFER_MISMATCH);
            ledger.register(PROVIDER_2, gpuOffer(1, CC));
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_2.address()))).isEqualTo(TxError.OFFER_MISMATCH);
            ledger.register(PROVIDER_2, gpuOffer(2, 2_500_000));
            ledger.apply(coordinator, new AssignLease(job, PROVIDER_2.address()));
            assertThat(ledger.job(job).lease().orElseThrow().pricePerDeviceHour()).isEqualTo(2_500_000);
        }

        @Test
        void onlyTheTenantAcceptsABidAndOnlyForAQueuedJobPutToAuction() {
            ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC));
            var auction = new dev.gridmint.core.state.JobRequirements(List.of(), 0, List.of(), List.of(), false, 60);
            Hash auctioned = ledger.submit(ALICE, SPEC.withRequirements(auction), 6 * CC);
            Hash plain = ledger.submit(ALICE, SPEC, 6 * CC);
            var accept = new dev.gridmint.core.tx.TxPayload.AcceptBid(auctioned, PROVIDER_1.address());
            assertThat(reject(PROVIDER_1, accept)).isEqualTo(TxError.UNAUTHORIZED);
            assertThat(reject(ALICE, new dev.gridmint.core.tx.TxPayload.AcceptBid(plain, PROVIDER_1.address())))
                    .isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(ALICE, new dev.gridmint.core.tx.TxPayload.AcceptBid(auctioned, PROVIDER_2.address())))
                    .isEqualTo(TxError.UNKNOWN_PROVIDER);
            var before = ledger.state().job(auctioned).orElseThrow();
            ledger.apply(ALICE, accept);
            // The tenant's word is in the log; the job is unchanged until the coordinator leases it.
            assertThat(ledger.state().job(auctioned).orElseThrow()).isEqualTo(before);
            ledger.apply(coordinator, new AssignLease(auctioned, PROVIDER_1.address()));
            assertThat(reject(ALICE, accept)).isEqualTo(TxError.INVALID_JOB_STATE);
        }

        @Test
        void theOfferMustBeInARegionTheJobAllows() {
            ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC)); // in test-region
            var elsewhere = new dev.gridmint.core.state.JobRequirements(List.of(), 0, List.of("eu-west"), List.of(), false);
            Hash job = ledger.submit(ALICE, SPEC.withRequirements(elsewhere), 6 * CC);
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_1.address()))).isEqualTo(TxError.OFFER_MISMATCH);
            var denied = new dev.gridmint.core.state.JobRequirements(List.of(), 0, List.of(), List.of("test-region"), false);
            Hash other = ledger.submit(ALICE, SPEC.withRequirements(denied), 6 * CC);
            assertThat(reject(coordinator, new AssignLease(other, PROVIDER_1.address()))).isEqualTo(TxError.OFFER_MISMATCH);
            var here = new dev.gridmint.core.state.JobRequirements(List.of(), 0, List.of("test-region"), List.of(), false);
            Hash third = ledger.submit(ALICE, SPEC.withRequirements(here), 6 * CC);
            ledger.apply(coordinator, new AssignLease(third, PROVIDER_1.address()));
            assertThat(ledger.job(third).spec().requirements()).isEqualTo(here);
        }

        @Test
        void theOffersModelMustBeRatedAtLeastTheJobsMinimumTflops() {
            ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC)); // H100s: 989 TFLOPS in the catalog
            refusedBeyondAndLeasedAt(JobRequirements.NONE.withMinimums(990, 0), JobRequirements.NONE.withMinimums(989, 0),
                    TxError.OFFER_MISMATCH);
        }

        @Test
        void aCpuOrUnknownGpuMeetsNoRealTflopsMinimum() {
            ledger.register(PROVIDER_1, new dev.gridmint.core.state.HardwareOffer(dev.gridmint.core.state.DeviceClass.CPU,
                    "AMD EPYC 7763", 1, 0, 64, 256_000, "test-region", CC));
            ledger.register(PROVIDER_2, new dev.gridmint.core.state.HardwareOffer(dev.gridmint.core.state.DeviceClass.GPU,
                    "Acme Tensor 9000", 4, 40_960, 32, 256_000, "test-region", CC));
            var fast = JobRequirements.NONE.withMinimums(2, 0);
            Hash job = ledger.submit(ALICE, SPEC.withRequirements(fast), 6 * CC);
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_1.address()))).isEqualTo(TxError.OFFER_MISMATCH);
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_2.address()))).isEqualTo(TxError.OFFER_MISMATCH);
        }

        @Test
        void theProvidersLedgerReputationMustReachTheJobsMinimum() {
            ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC)); // neutral: 500
            refusedBeyondAndLeasedAt(JobRequirements.NONE.withMinimums(0, 501), JobRequirements.NONE.withMinimums(0, 500),
                    TxError.REPUTATION_TOO_LOW);
        }

        /** A job asking just beyond what provider 1 has is refused with {@code error}; one asking exactly that is leased. */
        private void refusedBeyondAndLeasedAt(JobRequirements beyond, JobRequirements at, TxError error) {
            Hash job = ledger.submit(ALICE, SPEC.withRequirements(beyond), 6 * CC);
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_1.address()))).isEqualTo(error);
            Hash fits = ledger.submit(ALICE, SPEC.withRequirements(at), 6 * CC);
            ledger.apply(coordinator, new AssignLease(fits, PROVIDER_1.address()));
            assertThat(ledger.job(fits).spec().requirements()).isEqualTo(at);
        }
    }

    @Nested
    class Bids {

        private static final JobRequirements AUCTION = new JobRequirements(List.of(), 0, List.of(), List.of(), false, 60);

        /** Alice's job put to auction (2 devices, at most 2.5 CC); provider 1 offers four GPUs at 2 CC and is staked. */
        private Hash auctionedJob() {
            ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC));
            return ledger.submit(ALICE, SPEC.withRequirements(AUCTION), 6 * CC);
        }

        @Test
        void aProviderBidChangesNothingButItsNonce() {
            Hash job = auctionedJob();
            var before = ledger.state();
            ledger.apply(PROVIDER_1, new PlaceBid(job, CC));
            assertThat(ledger.state().job(job)).isEqualTo(before.job(job));
            assertThat(ledger.state().account(PROVIDER_1.address()).nonce()).isEqualTo(before.account(PROVIDER_1.address()).nonce() + 1);
        }

        @Test
        void theJobMustBeKnownQueuedAndPutToAuction() {
            Hash job = auctionedJob();
            Hash plain = ledger.submit(ALICE, SPEC, 6 * CC);
            assertThat(reject(PROVIDER_1, new PlaceBid(NO_SUCH_JOB, CC))).isEqualTo(TxError.UNKNOWN_JOB);
            assertThat(reject(PROVIDER_1, new PlaceBid(plain, CC))).isEqualTo(TxError.NOT_AN_AUCTION);
            ledger.apply(coordinator, new AwardBid(job, PROVIDER_1.address(), CC));
            assertThat(reject(PROVIDER_1, new PlaceBid(job, CC))).isEqualTo(TxError.INVALID_JOB_STATE);
        }

        @Test
        void theSignerMustBeARegisteredStakedProvider() {
            Hash job = auctionedJob();
            assertThat(reject(ALICE, new PlaceBid(job, CC))).isEqualTo(TxError.NOT_A_PROVIDER);
            ledger.registerUnstaked(PROVIDER_2, gpuOffer(4, 2 * CC));
            assertThat(reject(PROVIDER_2, new PlaceBid(job, CC))).isEqualTo(TxError.PROVIDER_HALTED);
        }

        @Test
        void thePriceIsPositiveWithinTheJobsMaximumAndTheOffersOwnPrice() {
            Hash job = auctionedJob();
            assertThat(reject(PROVIDER_1, new PlaceBid(job, 0))).isEqualTo(TxError.INVALID_AMOUNT);
            ledger.register(PROVIDER_2, gpuOffer(4, 3 * CC));
            assertThat(reject(PROVIDER_2, new PlaceBid(job, 2_500_001))).isEqualTo(TxError.PRICE_ABOVE_MAX);
            ledger.apply(PROVIDER_2, new PlaceBid(job, 2_500_000)); // under the maximum, though its offer asks more
            assertThat(reject(PROVIDER_1, new PlaceBid(job, 2 * CC + 1))).isEqualTo(TxError.OFFER_MISMATCH);
            ledger.register(PROVIDER_2, gpuOffer(1, CC));
            assertThat(reject(PROVIDER_2, new PlaceBid(job, CC))).as("one device for a two-device job").isEqualTo(TxError.OFFER_MISMATCH);
        }

        @Test
        void anAwardLeasesAtTheBidPriceForAJobPutToAuctionOnly() {
            Hash job = auctionedJob();
            Hash plain = ledger.submit(ALICE, SPEC, 6 * CC);
            assertThat(reject(ALICE, new AwardBid(job, PROVIDER_1.address(), CC))).isEqualTo(TxError.UNAUTHORIZED);
            assertThat(reject(coordinator, new AwardBid(plain, PROVIDER_1.address(), CC))).isEqualTo(TxError.NOT_AN_AUCTION);
            assertThat(reject(coordinator, new AwardBid(job, PROVIDER_1.address(), 2 * CC + 1))).isEqualTo(TxError.OFFER_MISMATCH);
            assertThat(reject(coordinator, new AwardBid(job, PROVIDER_1.address(), 0))).isEqualTo(TxError.OFFER_MISMATCH);
            ledger.apply(coordinator, new AwardBid(job, PROVIDER_1.address(), 1_500_000));
            assertThat(ledger.job(job).lease().orElseThrow().pricePerDeviceHour()).isEqualTo(1_500_000);
        }
    }

    @Nested
    class Receipts {

        @Test
        void onlyTheLeaseHolderReports() {
            Hash job = leasedJob();
            ledger.register(PROVIDER_2, gpuOffer(8, CC));
            assertThat(reject(PROVIDER_2, new UsageReceipt(job, 1, 1_000))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(coordinator, new UsageReceipt(job, 1, 1_000))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(ALICE, new UsageReceipt(job, 1, 1_000))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 2, 1_000))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 0, 1_000))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(PROVIDER_1, new UsageReceipt(NO_SUCH_JOB, 1, 1_000))).isEqualTo(TxError.UNKNOWN_JOB);
        }

        @Test
        void aQueuedJobTakesNoReceipts() {
            Hash job = queuedJob();
            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 0, 1_000))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 1, 1_000))).isEqualTo(TxError.NOT_LEASE_HOLDER);
        }

        @Test
        void usageOnlyGrowsUpToTheLimit() {
            Hash job = leasedJob();
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 60_000));
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 60_000));
            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 1, 59_999))).isEqualTo(TxError.INVALID_USAGE);
            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 1, 3_600_001))).isEqualTo(TxError.INVALID_USAGE);
            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 1, Long.MAX_VALUE))).isEqualTo(TxError.INVALID_USAGE);
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 3_600_000));
            assertThat(ledger.job(job).usageMillis()).isEqualTo(3_600_000);
        }

        @Test
        void aCompletedJobTakesNoMoreReceiptsOrCompletions() {
            Hash job = completedJob(60);
            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 1, 120_000))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(PROVIDER_1, new CompleteJob(job, 1, RESULT))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(ledger.job(job).usageMillis()).isEqualTo(60_000);
        }

        @Test
        void onlyTheLeaseHolderCompletes() {
            Hash job = leasedJob();
            ledger.register(PROVIDER_2, gpuOffer(8, CC));
            assertThat(reject(PROVIDER_2, new CompleteJob(job, 1, RESULT))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(ALICE, new CompleteJob(job, 1, RESULT))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(PROVIDER_1, new CompleteJob(job, 2, RESULT))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(PROVIDER_1, new CompleteJob(NO_SUCH_JOB, 1, RESULT))).isEqualTo(TxError.UNKNOWN_JOB);
            ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
        }
    }

    @Nested
    class TopUps {

        @Test
        void theTenantTopsUpAnOpenJob() {
            Hash job = queuedJob();
            long credits = ledger.credits(ALICE);
            ledger.apply(ALICE, new TopUpEscrow(job, 2 * CC));
            assertThat(ledger.job(job).escrow()).isEqualTo(8 * CC);
            assertThat(ledger.job(job).deposited()).isEqualTo(8 * CC);
            assertThat(ledger.credits(ALICE)).isEqualTo(credits - 2 * CC);
            // a leased job is billed up to now first, then topped up
            ledger.apply(coordinator, new AssignLease(job, PROVIDER_1.address()));
            ledger.advance(900);
            ledger.apply(ALICE, new TopUpEscrow(job, CC));
            assertThat(ledger.job(job).charged()).isEqualTo(CC);
            assertThat(ledger.job(job).escrow()).isEqualTo(8 * CC);
        }

        @Test
        void refusals() {
            Hash job = queuedJob();
            assertThat(reject(BOB, new TopUpEscrow(job, CC))).isEqualTo(TxError.UNAUTHORIZED);
            assertThat(reject(ALICE, new TopUpEscrow(NO_SUCH_JOB, CC))).isEqualTo(TxError.UNKNOWN_JOB);
            assertThat(reject(ALICE, new TopUpEscrow(job, 0))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(reject(ALICE, new TopUpEscrow(job, ledger.credits(ALICE) + 1))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            ledger.apply(ALICE, new CancelJob(job));
            assertThat(reject(ALICE, new TopUpEscrow(job, CC))).isEqualTo(TxError.INVALID_JOB_STATE);
        }
    }

    @Nested
    class Releases {

        @Test
        void onlyTheCoordinatorReleases() {
            Hash job = leasedJob();
            assertThat(reject(PROVIDER_1, new ReleaseLease(job, 1, "bored", 0))).isEqualTo(TxError.UNAUTHORIZED);
            assertThat(reject(ALICE, new ReleaseLease(job, 1, "bored", 0))).isEqualTo(TxError.UNAUTHORIZED);
        }

        @Test
        void onlyTheCurrentLeaseIsReleased() {
            Hash job = queuedJob();
            assertThat(reject(coordinator, new ReleaseLease(job, 0, "x", 0))).isEqualTo(TxError.INVALID_JOB_STATE);
            ledger.apply(coordinator, new AssignLease(job, PROVIDER_1.address()));
            assertThat(reject(coordinator, new ReleaseLease(job, 2, "x", 0))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(coordinator, new ReleaseLease(job, 0, "x", 0))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(coordinator, new ReleaseLease(NO_SUCH_JOB, 1, "x", 0))).isEqualTo(TxError.UNKNOWN_JOB);
            assertThat(reject(coordinator, new ReleaseLease(job, 1, "x", ledger.now() + 1))).isEqualTo(TxError.MALFORMED);
            ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
            assertThat(reject(coordinator, new ReleaseLease(job, 1, "x", 0))).isEqualTo(TxError.INVALID_JOB_STATE);
        }

        @Test
        void aReleaseRequeuesTheJobAndDropsItsUnfinishedWork() {
            Hash job = leasedJob();
            ledger.advance(600);
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 600_000));
            ledger.apply(coordinator, new ReleaseLease(job, 1, "heartbeat timeout", 0));
            Job requeued = ledger.job(job);
            assertThat(requeued.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(requeued.attempts()).isEqualTo(1);
            assertThat(requeued.lease()).isEmpty();
            assertThat(requeued.usageMillis()).isZero();
            assertThat(requeued.charged()).as("the time it ran is paid for").isEqualTo(666_666);
            assertThat(requeued.escrow()).isEqualTo(6 * CC - 666_666);
        }

        @Test
        void timeBilledAfterTheProviderWentDownIsRefundedFromItsStake() {
            Hash job = leasedJob();
            long start = ledger.now();
            ledger.advance(600);
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 600_000));
            long bonded = ledger.provider(PROVIDER_1).bonded();
            long vault = ledger.state().supply().vault();
            // it was last seen 300 s in: the second half was billed for nothing
            ledger.apply(coordinator, new ReleaseLease(job, 1, "provider lost", start + 300));
            Job requeued = ledger.job(job);
            long owed = 333_333;
            long refunded = 666_666 - owed;
            assertThat(requeued.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(requeued.escrow()).isEqualTo(6 * CC - 666_666 + refunded);
            assertThat(requeued.deposited()).isEqualTo(6 * CC + refunded);
            assertThat(ledger.provider(PROVIDER_1).bonded()).isEqualTo(bonded - refunded);
            assertThat(ledger.state().supply().vault()).isEqualTo(vault + refunded);
        }

        @Test
        void aReleaseBillsUpToWhenTheProviderWasLastSeen() {
            Hash job = leasedJob();
            long start = ledger.now();
            ledger.advance(600);
            // no touch since the lease began: billing stops at down-since
            ledger.apply(coordinator, new ReleaseLease(job, 1, "provider lost", start + 300));
            assertThat(ledger.job(job).charged()).isEqualTo(333_333);
            assertThat(ledger.job(job).status()).isEqualTo(JobStatus.QUEUED);
        }

        @Test
        void aReceiptForAnOldAttemptIsRefusedAndNothingIsPaidTwice() {
            Hash job = leasedJob();
            ledger.advance(1_800);
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 1_800_000));
            ledger.apply(coordinator, new ReleaseLease(job, 1, "provider lost", 0));
            ledger.apply(coordinator, new AssignLease(job, PROVIDER_1.address()));
            assertThat(ledger.job(job).lease().orElseThrow().attempt()).isEqualTo(2);

            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 1, 1_800_000))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(PROVIDER_1, new CompleteJob(job, 1, RESULT))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(coordinator, new ReleaseLease(job, 1, "again", 0))).isEqualTo(TxError.INVALID_JOB_STATE);

            long provider0 = ledger.balance(PROVIDER_1);
            ledger.advance(900);
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 2, 900_000));
            ledger.apply(PROVIDER_1, new CompleteJob(job, 2, RESULT));
            ledger.apply(coordinator, new SettleJob(job));
            // The first lease's half hour (2 CC) and the second's quarter (1 CC), each with its 5% fee.
            Settlement settlement = ledger.job(job).settlement().orElseThrow();
            assertThat(settlement).isEqualTo(new Settlement(3 * CC, 2_850_000, 150_000, 3 * CC, 0));
            assertThat(ledger.balance(PROVIDER_1)).isEqualTo(provider0 + 950_000);
        }

        @Test
        void theLastAllowedReleaseFailsTheJobAndRefundsInFull() {
            long credits = ledger.credits(ALICE);
            Hash job = queuedJob();
            ledger.register(PROVIDER_2, gpuOffer(8, CC));
            long provider1 = ledger.balance(PROVIDER_1);
            long provider2 = ledger.balance(PROVIDER_2);
            int max = ledger.params().maxJobAttempts();
            assertThat(max).isEqualTo(3);
            for (int attempt = 1; attempt <= max; attempt++) {
                Keypair provider = attempt % 2 == 1 ? PROVIDER_1 : PROVIDER_2;
                ledger.apply(coordinator, new AssignLease(job, provider.address()));
                ledger.apply(provider, new UsageReceipt(job, attempt, 100_000));
                assertThat(ledger.credits(ALICE)).isEqualTo(credits - 6 * CC);
                ledger.apply(coordinator, new ReleaseLease(job, attempt, "provider lost", 0));
                assertThat(ledger.job(job).status()).isEqualTo(attempt < max ? JobStatus.QUEUED : JobStatus.FAILED);
            }
            assertThat(ledger.credits(ALICE)).isEqualTo(credits);
            assertThat(ledger.balance(PROVIDER_1)).isEqualTo(provider1);
            assertThat(ledger.balance(PROVIDER_2)).isEqualTo(provider2);
            assertThat(ledger.job(job).escrow()).isZero();
            assertThat(ledger.job(job).settlement()).contains(new Settlement(0, 0, 0, 6 * CC, 0));

            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_1.address()))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(coordinator, new ReleaseLease(job, max, "again", 0))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(ALICE, new CancelJob(job))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(coordinator, new SettleJob(job))).isEqualTo(TxError.INVALID_JOB_STATE);
        }

        @Test
        void withOneAttemptTheFirstReleaseFailsTheJob() {
            ledger = LedgerFixture.standardBuilder().maxJobAttempts(1).build().withPriceAndCredits();
            long credits = ledger.credits(ALICE);
            ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC));
            Hash job = ledger.submit(ALICE, SPEC);
            ledger.apply(ledger.coordinator(), new AssignLease(job, PROVIDER_1.address()));
            ledger.apply(ledger.coordinator(), new ReleaseLease(job, 1, "", 0));
            assertThat(ledger.job(job).status()).isEqualTo(JobStatus.FAILED);
            assertThat(ledger.credits(ALICE)).isEqualTo(credits);
        }
    }

    @Nested
    class Settlements {

        @Test
        void onlyTheCoordinatorSettles() {
            Hash job = completedJob(60);
            for (Keypair signer : List.of(ALICE, PROVIDER_1, TREASURY)) {
                assertThat(reject(signer, new SettleJob(job))).isEqualTo(TxError.UNAUTHORIZED);
            }
        }

        @Test
        void onlyCompletedJobsSettle() {
            Hash queued = queuedJob();
            assertThat(reject(coordinator, new SettleJob(queued))).isEqualTo(TxError.INVALID_JOB_STATE);
            ledger.apply(coordinator, new AssignLease(queued, PROVIDER_1.address()));
            ledger.apply(PROVIDER_1, new UsageReceipt(queued, 1, 60_000));
            assertThat(reject(coordinator, new SettleJob(queued))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(coordinator, new SettleJob(NO_SUCH_JOB))).isEqualTo(TxError.UNKNOWN_JOB);
        }

        @Test
        void aJobSettlesOnce() {
            Hash job = completedJob(1_800);
            ledger.apply(coordinator, new SettleJob(job));
            long provider = ledger.balance(PROVIDER_1);
            long treasury = ledger.balance(TREASURY);
            long alice = ledger.credits(ALICE);
            assertThat(reject(coordinator, new SettleJob(job))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(ledger.balance(PROVIDER_1)).isEqualTo(provider);
            assertThat(ledger.balance(TREASURY)).isEqualTo(treasury);
            assertThat(ledger.credits(ALICE)).isEqualTo(alice);
            assertThat(reject(ALICE, new CancelJob(job))).isEqualTo(TxError.INVALID_JOB_STATE);
        }

        @Test
        void noTimeMeansAFullRefund() {
            long credits = ledger.credits(ALICE);
            Hash job = leasedJob();
            ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
            long provider = ledger.balance(PROVIDER_1);
            ledger.apply(coordinator, new SettleJob(job));
            assertThat(ledger.job(job).settlement()).contains(new Settlement(0, 0, 0, 6 * CC, 0));
            assertThat(ledger.credits(ALICE)).isEqualTo(credits);
            assertThat(ledger.balance(PROVIDER_1)).isEqualTo(provider);
        }

        @Test
        void theWorstCaseUsesUpAnExactEscrowAndNoMore() {
            ledger.register(PROVIDER_1, gpuOffer(2, 2_500_000));
            Hash job = ledger.submit(ALICE, SPEC, WORST_CASE);
            ledger.apply(coordinator, new AssignLease(job, PROVIDER_1.address()));
            ledger.advance(3 * 3_600);
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 3_600_000));
            ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
            ledger.apply(coordinator, new SettleJob(job));
            assertThat(ledger.job(job).status()).isEqualTo(JobStatus.SETTLED);
            assertThat(ledger.job(job).settlement()).contains(new Settlement(WORST_CASE, 4_750_000, 250_000, 0, 0));
        }

        @Test
        void theLeasePriceIsFixedWhenTheLeaseIsMade() {
            Hash job = leasedJob();
            ledger.register(PROVIDER_1, gpuOffer(4, 2_500_000));
            ledger.advance(900);
            ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
            ledger.apply(coordinator, new SettleJob(job));
            // 2 devices x 2 CC (not 2.5) x 0.25 h
            assertThat(ledger.job(job).settlement().orElseThrow().charged()).isEqualTo(CC);
        }

        @Test
        void theFeeFollowsTheNetworkParameter() {
            for (int bps : new int[] {0, 1, 10_000}) {
                ledger = LedgerFixture.standardBuilder().protocolFeeBps(bps).build().withPriceAndCredits();
                ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC));
                long treasury = ledger.balance(TREASURY);
                long provider = ledger.balance(PROVIDER_1);
                Hash job = ledger.submit(ALICE, SPEC, 6 * CC);
                ledger.apply(ledger.coordinator(), new AssignLease(job, PROVIDER_1.address()));
                ledger.advance(900);
                ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
                ledger.apply(ledger.coordinator(), new SettleJob(job));
                long fee = bps == 0 ? 0 : bps == 1 ? 100 : CC;
                assertThat(ledger.job(job).settlement()).as("%d bps", bps)
                        .contains(new Settlement(CC, CC - fee, fee, 5 * CC, 0));
                assertThat(ledger.balance(TREASURY)).isEqualTo(treasury + fee);
                assertThat(ledger.balance(PROVIDER_1)).isEqualTo(provider + CC - fee);
                ledger.audit();
            }
        }
    }

    @Nested
    class Cancellations {

        @Test
        void theTenantCancelsAQueuedJobAndGetsEverythingBack() {
            long credits = ledger.credits(ALICE);
            Hash job = queuedJob();
            ledger.apply(ALICE, new CancelJob(job));
            assertThat(ledger.job(job).status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(ledger.credits(ALICE)).isEqualTo(credits);
            assertThat(reject(ALICE, new CancelJob(job))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_1.address()))).isEqualTo(TxError.INVALID_JOB_STATE);
        }

        @Test
        void onlyTheTenantCancels() {
            Hash job = queuedJob();
            for (Keypair signer : List.of(BOB, coordinator, PROVIDER_1)) {
                assertThat(reject(signer, new CancelJob(job))).isEqualTo(TxError.UNAUTHORIZED);
            }
            assertThat(reject(ALICE, new CancelJob(NO_SUCH_JOB))).isEqualTo(TxError.UNKNOWN_JOB);
        }

        @Test
        void aLeasedOrCompletedJobCannotBeCancelled() {
            Hash job = leasedJob();
            assertThat(reject(ALICE, new CancelJob(job))).isEqualTo(TxError.INVALID_JOB_STATE);
            ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
            assertThat(reject(ALICE, new CancelJob(job))).isEqualTo(TxError.INVALID_JOB_STATE);
        }

        @Test
        void aReleasedJobCanBeCancelled() {
            long credits = ledger.credits(ALICE);
            Hash job = leasedJob();
            ledger.apply(coordinator, new ReleaseLease(job, 1, "lost", 0));
            ledger.apply(ALICE, new CancelJob(job));
            assertThat(ledger.credits(ALICE)).isEqualTo(credits);
            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 1, 1))).isEqualTo(TxError.NOT_LEASE_HOLDER);
        }
    }

    // ---- time and the oracle ----

    @Nested
    class ClockAndOracle {

        @Test
        void onlyTheCoordinatorMovesTimeAndNeverBack() {
            long now = ledger.now();
            for (Keypair signer : List.of(ALICE, ORACLE, COUNCIL_1)) {
                assertThat(reject(signer, new Tick(now + 10))).isEqualTo(TxError.UNAUTHORIZED);
            }
            ledger.tickTo(now);
            ledger.tickTo(now + 10);
            assertThat(ledger.now()).isEqualTo(now + 10);
            assertThat(reject(coordinator, new Tick(now + 9))).isEqualTo(TxError.CLOCK_BACKWARDS);
            assertThat(reject(coordinator, new Tick(0))).isEqualTo(TxError.CLOCK_BACKWARDS);
        }

        @Test
        void onlyReportersReportAndReportsMoveForward() {
            long now = ledger.now();
            assertThat(reject(ALICE, new ReportPrice(PRICE, now))).isEqualTo(TxError.NOT_AN_ORACLE);
            assertThat(reject(coordinator, new ReportPrice(PRICE, now))).isEqualTo(TxError.NOT_AN_ORACLE);
            assertThat(reject(ORACLE, new ReportPrice(0, now))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(reject(ORACLE, new ReportPrice(1_000_000_000_001L, now))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(reject(ORACLE, new ReportPrice(PRICE, now + 1))).as("from the future").isEqualTo(TxError.STALE_REPORT);
            ledger.tick(100);
            ledger.apply(ORACLE, new ReportPrice(2 * PRICE, now + 50));
            assertThat(reject(ORACLE, new ReportPrice(PRICE, now + 49))).isEqualTo(TxError.STALE_REPORT);
            ledger.apply(ORACLE, new ReportPrice(3 * PRICE, now + 50));
            assertThat(ledger.state().prices().get(ORACLE.address()).orElseThrow().price()).isEqualTo(3 * PRICE);
        }

        @Test
        void aStaleReportIsNoPrice() {
            ledger.tick(ledger.params().oracle().maxAgeSeconds());
            ledger.mintCredits(ALICE, CC);
            ledger.tick(1);
            assertThat(reject(ALICE, new MintCredits(CC, Long.MAX_VALUE))).isEqualTo(TxError.PRICE_UNAVAILABLE);
            assertThat(reject(ALICE, new RefundCredits(CC, 0))).isEqualTo(TxError.PRICE_UNAVAILABLE);
            ledger.reportPrice(PRICE);
            ledger.mintCredits(ALICE, CC);
        }
    }

    // ---- credits ----

    @Nested
    class Credits {

        @Test
        void mintingBurnsGridIntoTheVaultAtThePriceLessTheSpread() {
            long balance = ledger.balance(BOB);
            long credits = ledger.credits(BOB);
            long vault = ledger.state().supply().vault();
            long cost = Bme.gridForCredits(100 * CC, PRICE, ledger.params().credits().spreadBps());
            assertThat(cost).as("100 CC at 1 USD less 0.25%").isEqualTo(100_250_627);
            ledger.apply(BOB, new MintCredits(100 * CC, cost));
            assertThat(ledger.balance(BOB)).isEqualTo(balance - cost);
            assertThat(ledger.credits(BOB)).isEqualTo(credits + 100 * CC);
            assertThat(ledger.state().supply().vault()).isEqualTo(vault + cost);
            assertThat(ledger.state().clock().burnThisEpoch()).isEqualTo(3 * Bme.gridForCredits(LedgerFixture.TENANT_CREDITS,
                    PRICE, 25) + cost);
            // at 2 USD a credit costs half as much GRID
            ledger.reportPrice(2 * PRICE);
            long before = ledger.balance(BOB);
            ledger.mintCredits(BOB, 100 * CC);
            assertThat(before - ledger.balance(BOB)).isEqualTo(Bme.gridForCredits(100 * CC, 2 * PRICE, 25));
        }

        @Test
        void mintingRefusals() {
            assertThat(reject(BOB, new MintCredits(0, Long.MAX_VALUE))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(reject(BOB, new MintCredits(1_000_000_000_000_000L + 1, Long.MAX_VALUE))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(reject(BOB, new MintCredits(100 * CC, 100_250_626))).isEqualTo(TxError.SLIPPAGE);
            assertThat(reject(BOB, new MintCredits(ledger.balance(BOB) * 2, Long.MAX_VALUE))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            assertThat(reject(TestKeys.of("broke"), new MintCredits(CC, Long.MAX_VALUE))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
        }

        @Test
        void theBreakerHaltsMintingWhenTheVaultNoLongerCoversTheCredits() {
            // the vault holds ~3,000 GRID for 3,000 CC; at 0.85 USD it covers 85% of them
            ledger.reportPrice(850_000);
            assertThat(reject(BOB, new MintCredits(CC, Long.MAX_VALUE))).isEqualTo(TxError.CIRCUIT_BREAKER);
            ledger.reportPrice(950_000);
            ledger.mintCredits(BOB, CC);
        }

        @Test
        void refundsPayGridOutOfTheVaultLessTheSpread() {
            long balance = ledger.balance(BOB);
            long vault = ledger.state().supply().vault();
            long grid = Bme.gridForRefund(100 * CC, PRICE, 25);
            assertThat(grid).isEqualTo(99_750_000);
            assertThat(reject(BOB, new RefundCredits(100 * CC, grid + 1))).isEqualTo(TxError.SLIPPAGE);
            ledger.apply(BOB, new RefundCredits(100 * CC, grid));
            assertThat(ledger.balance(BOB)).isEqualTo(balance + grid);
            assertThat(ledger.credits(BOB)).isEqualTo(LedgerFixture.TENANT_CREDITS - 100 * CC);
            assertThat(ledger.state().supply().vault()).isEqualTo(vault - grid);
            assertThat(ledger.state().supply().creditsBurned()).isEqualTo(100 * CC);
            assertThat(reject(BOB, new RefundCredits(ledger.credits(BOB) + 1, 0))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            assertThat(reject(BOB, new RefundCredits(0, 0))).isEqualTo(TxError.INVALID_AMOUNT);
        }
    }

    // ---- vesting ----

    @Nested
    class Vesting_ {

        @Test
        void nothingBeforeTheCliffThenLinearly() {
            assertThat(reject(FOUNDER, new ClaimVested())).isEqualTo(TxError.NOTHING_TO_CLAIM);
            assertThat(reject(ALICE, new ClaimVested())).isEqualTo(TxError.NOTHING_TO_CLAIM);
            ledger.tickTo(LedgerFixture.GENESIS_TIME + LedgerFixture.FOUNDER_CLIFF - 1);
            assertThat(reject(FOUNDER, new ClaimVested())).isEqualTo(TxError.NOTHING_TO_CLAIM);
            ledger.tickTo(LedgerFixture.GENESIS_TIME + LedgerFixture.FOUNDER_VESTING / 4);
            ledger.apply(FOUNDER, new ClaimVested());
            assertThat(ledger.balance(FOUNDER)).isEqualTo(LedgerFixture.FOUNDER_GRANT / 4);
            assertThat(ledger.state().supply().vestingLocked()).isEqualTo(LedgerFixture.FOUNDER_GRANT * 3 / 4);
            assertThat(reject(FOUNDER, new ClaimVested())).as("claimed up to now").isEqualTo(TxError.NOTHING_TO_CLAIM);
            ledger.tickTo(LedgerFixture.GENESIS_TIME + 2 * LedgerFixture.FOUNDER_VESTING);
            ledger.apply(FOUNDER, new ClaimVested());
            assertThat(ledger.balance(FOUNDER)).isEqualTo(LedgerFixture.FOUNDER_GRANT);
            assertThat(ledger.state().supply().vestingLocked()).isZero();
            assertThat(reject(FOUNDER, new ClaimVested())).isEqualTo(TxError.NOTHING_TO_CLAIM);
        }
    }

    // ---- stake ----

    @Nested
    class Stake {

        @Test
        void providerStakeRefusals() {
            assertThat(reject(ALICE, new BondProviderStake(GRID))).isEqualTo(TxError.UNKNOWN_PROVIDER);
            ledger.registerUnstaked(PROVIDER_1, gpuOffer(1, CC));
            assertThat(reject(PROVIDER_1, new BondProviderStake(0))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(reject(PROVIDER_1, new BondProviderStake(ledger.balance(PROVIDER_1) + 1))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            assertThat(reject(PROVIDER_1, new Unbond(Optional.empty(), 1))).isEqualTo(TxError.STAKE_TOO_LOW);
            assertThat(reject(PROVIDER_1, new Unbond(Optional.empty(), 0))).isEqualTo(TxError.INVALID_AMOUNT);
        }

        @Test
        void unbondedStakeIsWithdrawnAfterTheUnbondingPeriod() {
            ledger.register(PROVIDER_1, gpuOffer(1, CC));
            long balance = ledger.balance(PROVIDER_1);
            long staked = ledger.state().supply().staked();
            SignedTx unbond = ledger.signed(PROVIDER_1, new Unbond(Optional.empty(), 100 * GRID));
            ledger.apply(unbond);
            assertThat(ledger.provider(PROVIDER_1).bonded()).isEqualTo(900 * GRID);
            assertThat(ledger.provider(PROVIDER_1).isActive(ledger.params().staking())).isFalse();
            assertThat(ledger.state().supply().staked()).as("unbonding stake is still staked").isEqualTo(staked);
            Unbonding entry = ledger.state().unbondings().get(unbond.hash()).orElseThrow();
            assertThat(entry.releaseAt()).isEqualTo(ledger.now() + ledger.params().staking().unbondingSeconds());
            assertThat(reject(PROVIDER_1, new Withdraw(unbond.hash()))).isEqualTo(TxError.STILL_UNBONDING);
            assertThat(reject(ALICE, new Withdraw(unbond.hash()))).isEqualTo(TxError.UNKNOWN_UNBONDING);
            assertThat(reject(PROVIDER_1, new Withdraw(NO_SUCH_JOB))).isEqualTo(TxError.UNKNOWN_UNBONDING);
            ledger.tickTo(entry.releaseAt());
            ledger.apply(PROVIDER_1, new Withdraw(unbond.hash()));
            assertThat(ledger.balance(PROVIDER_1)).isEqualTo(balance + 100 * GRID);
            assertThat(ledger.state().unbondings().size()).isZero();
            assertThat(ledger.state().supply().staked()).isEqualTo(staked - 100 * GRID);
            assertThat(reject(PROVIDER_1, new Withdraw(unbond.hash()))).isEqualTo(TxError.UNKNOWN_UNBONDING);
        }

        @Test
        void checkersAndDelegations() {
            assertThat(reject(BOB, new Delegate(CAROL.address(), GRID))).isEqualTo(TxError.UNKNOWN_CHECKER);
            ledger.apply(CAROL, new RegisterChecker());
            assertThat(reject(CAROL, new RegisterChecker())).isEqualTo(TxError.ALREADY_REGISTERED);
            assertThat(reject(BOB, new Delegate(CAROL.address(), 0))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(reject(BOB, new Delegate(CAROL.address(), ledger.balance(BOB) + 1))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            long min = ledger.params().staking().minCheckerStake();
            ledger.apply(CAROL, new Delegate(CAROL.address(), min / 2));
            ledger.apply(BOB, new Delegate(CAROL.address(), min / 2));
            assertThat(ledger.state().checker(CAROL.address()).orElseThrow().delegated()).isEqualTo(min);
            assertThat(reject(BOB, new Unbond(Optional.of(CAROL.address()), min / 2 + 1))).isEqualTo(TxError.STAKE_TOO_LOW);
            assertThat(reject(ALICE, new Unbond(Optional.of(CAROL.address()), 1))).isEqualTo(TxError.STAKE_TOO_LOW);

            // a closed epoch pays the checker pool to the staked checker that judged in it: commission to carol,
            // the rest by stake
            assertThat(reject(BOB, new ClaimRewards(List.of(CAROL.address())))).isEqualTo(TxError.NOTHING_TO_CLAIM);
            ledger.register(PROVIDER_1, gpuOffer(1, CC));
            ledger.apply(CAROL, new SubmitVerdict(PROVIDER_1.address(), 0, VerdictKind.LIVENESS, 1_000, RESULT));
            ledger.closeEpoch();
            var checker = ledger.state().checker(CAROL.address()).orElseThrow();
            assertThat(checker.commission()).isPositive();
            long bob = ledger.balance(BOB);
            ledger.apply(BOB, new ClaimRewards(List.of(CAROL.address())));
            long bobsReward = ledger.balance(BOB) - bob;
            assertThat(bobsReward).isPositive();
            long carol = ledger.balance(CAROL);
            ledger.apply(CAROL, new ClaimRewards(List.of(CAROL.address())));
            long carolsReward = ledger.balance(CAROL) - carol;
            assertThat(carolsReward).as("her half plus the commission").isGreaterThan(bobsReward);
            assertThat(reject(BOB, new ClaimRewards(List.of(CAROL.address())))).isEqualTo(TxError.NOTHING_TO_CLAIM);
            assertThat(reject(BOB, new ClaimRewards(List.of(ALICE.address())))).isEqualTo(TxError.UNKNOWN_CHECKER);
            ledger.apply(BOB, new Unbond(Optional.of(CAROL.address()), min / 2));
            assertThat(ledger.state().checker(CAROL.address()).orElseThrow().delegated()).isEqualTo(min / 2);
        }

        @Test
        void providersEarnEmissionsForAvailabilityAndWork() {
            ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC));
            ledger.register(PROVIDER_2, gpuOffer(4, 2 * CC));
            ledger.apply(PROVIDER_2, new Unbond(Optional.empty(), GRID)); // halted: no availability reward
            Hash job = leasedJob();
            ledger.advance(900);
            ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
            long pool = ledger.state().supply().rewardPool();
            ledger.closeEpoch();
            var summary = ledger.state().epochs().get(0L).orElseThrow();
            long one = ledger.provider(PROVIDER_1).unclaimed();
            assertThat(one).isEqualTo(summary.providerEmission());
            assertThat(ledger.provider(PROVIDER_2).unclaimed()).isZero();
            assertThat(ledger.state().supply().rewardPool()).isEqualTo(pool + summary.providerEmission() + summary.checkerEmission());
            assertThat(reject(PROVIDER_2, new ClaimRewards(List.of()))).isEqualTo(TxError.NOTHING_TO_CLAIM);
            long balance = ledger.balance(PROVIDER_1);
            ledger.apply(PROVIDER_1, new ClaimRewards(List.of()));
            assertThat(ledger.balance(PROVIDER_1)).isEqualTo(balance + one);
            assertThat(ledger.provider(PROVIDER_1).unclaimed()).isZero();
        }
    }

    // ---- epochs ----

    @Nested
    class Epochs {

        @Test
        void anEpochClosesOnceItsTimeIsOver() {
            long epochSeconds = ledger.params().emission().epochSeconds();
            assertThat(reject(coordinator, new CloseEpoch(0))).isEqualTo(TxError.EPOCH_NOT_OVER);
            ledger.tickTo(LedgerFixture.GENESIS_TIME + epochSeconds - 1);
            assertThat(reject(coordinator, new CloseEpoch(0))).isEqualTo(TxError.EPOCH_NOT_OVER);
            ledger.tick(1);
            assertThat(reject(ALICE, new CloseEpoch(0))).isEqualTo(TxError.UNAUTHORIZED);
            assertThat(reject(coordinator, new CloseEpoch(1))).isEqualTo(TxError.INVALID_AMOUNT);
            long minted = ledger.state().supply().minted();
            long vault = ledger.state().supply().vault();
            ledger.apply(coordinator, new CloseEpoch(0));
            assertThat(ledger.state().clock().epoch()).isEqualTo(1);
            assertThat(reject(coordinator, new CloseEpoch(0))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(reject(coordinator, new CloseEpoch(1))).isEqualTo(TxError.EPOCH_NOT_OVER);
            var summary = ledger.state().epochs().get(0L).orElseThrow();
            assertThat(summary.closedAt()).isEqualTo(ledger.now());
            assertThat(summary.burn()).as("the setup's credit purchases").isPositive();
            long released = vault - ledger.state().supply().vault();
            assertThat(ledger.state().supply().minted() - minted + released)
                    .as("emissions are minted, or released from the vault's surplus")
                    .isEqualTo(summary.providerEmission() + summary.checkerEmission());
            assertThat(ledger.state().clock().burnLastEpoch()).isEqualTo(summary.burn());
            assertThat(ledger.state().clock().burnThisEpoch()).isZero();
        }

        @Test
        void closingAnEpochBillsEveryLease() {
            Hash job = leasedJob();
            ledger.closeEpoch();
            long elapsed = ledger.now() - ledger.job(job).lease().orElseThrow().startedAt();
            assertThat(elapsed).isGreaterThanOrEqualTo(3_600);
            assertThat(ledger.job(job).charged()).as("capped at the job's hour").isEqualTo(4 * CC);
            assertThat(ledger.job(job).lease().orElseThrow().settledAt()).isEqualTo(
                    ledger.job(job).lease().orElseThrow().startedAt() + 3_600);
        }
    }

    // ---- slashing ----

    @Nested
    class Slashing_ {

        @Test
        void fraudTakesTheWholeStakeAndPaysTheReporterAShare() {
            ledger.register(PROVIDER_1, gpuOffer(2, CC));
            long stake = ledger.provider(PROVIDER_1).bonded();
            long burned = ledger.state().supply().burned();
            long carol = ledger.balance(CAROL);
            Hash evidence = Hash.sha256(new byte[] {4});
            assertThat(reject(ALICE, new Slash(PROVIDER_1.address(), Offence.FRAUD, CAROL.address(), evidence)))
                    .isEqualTo(TxError.UNAUTHORIZED);
            assertThat(reject(coordinator, new Slash(PROVIDER_2.address(), Offence.FRAUD, CAROL.address(), evidence)))
                    .isEqualTo(TxError.UNKNOWN_PROVIDER);
            ledger.apply(coordinator, new Slash(PROVIDER_1.address(), Offence.FRAUD, CAROL.address(), evidence));
            assertThat(ledger.provider(PROVIDER_1).bonded()).isZero();
            assertThat(ledger.provider(PROVIDER_1).isActive(ledger.params().staking())).isFalse();
            long bounty = stake * ledger.params().slashing().reporterShareBps() / 10_000;
            assertThat(ledger.balance(CAROL)).isEqualTo(carol + bounty);
            assertThat(ledger.state().supply().burned()).isEqualTo(burned + stake - bounty);
            assertThat(reject(coordinator, new Slash(PROVIDER_1.address(), Offence.FRAUD, CAROL.address(), evidence)))
                    .isEqualTo(TxError.NOTHING_TO_CLAIM);
        }

        @Test
        void unbondingStakeIsStillSlashable() {
            ledger.register(PROVIDER_1, gpuOffer(2, CC));
            long stake = ledger.provider(PROVIDER_1).bonded();
            ledger.apply(PROVIDER_1, new Unbond(Optional.empty(), stake));
            ledger.apply(coordinator, new Slash(PROVIDER_1.address(), Offence.LEASE_DOWNTIME, CAROL.address(), RESULT));
            long taken = (stake * ledger.params().slashing().downtimeStakeBps() + 9_999) / 10_000;
            Unbonding left = ledger.state().unbondings().values().iterator().next();
            assertThat(left.amount()).isEqualTo(stake - taken);
        }
    }

    // ---- governance ----

    @Nested
    class Governance {

        @Test
        void twoOfThreeChangeTheParameters() {
            NetworkParams proposed = ledger.params().withMaxJobAttempts(7);
            assertThat(reject(ALICE, new ProposeParams(proposed))).isEqualTo(TxError.NOT_COUNCIL);
            SignedTx propose = ledger.signed(COUNCIL_1, new ProposeParams(proposed));
            ledger.apply(propose);
            Hash id = propose.hash();
            assertThat(ledger.params().maxJobAttempts()).as("one approval is not enough").isEqualTo(3);
            assertThat(reject(COUNCIL_1, new ApproveProposal(id))).isEqualTo(TxError.ALREADY_APPROVED);
            assertThat(reject(ALICE, new ApproveProposal(id))).isEqualTo(TxError.NOT_COUNCIL);
            assertThat(reject(COUNCIL_2, new ApproveProposal(NO_SUCH_JOB))).isEqualTo(TxError.UNKNOWN_PROPOSAL);
            ledger.apply(COUNCIL_2, new ApproveProposal(id));
            assertThat(ledger.params()).isEqualTo(proposed);
            assertThat(ledger.state().proposals().get(id).orElseThrow().executed()).isTrue();
            assertThat(reject(COUNCIL_3, new ApproveProposal(id))).isEqualTo(TxError.PROPOSAL_CLOSED);
        }

        @Test
        void aProposalExpires() {
            SignedTx propose = ledger.signed(COUNCIL_1, new ProposeParams(ledger.params().withMaxJobAttempts(7)));
            ledger.apply(propose);
            ledger.tick(ledger.params().governance().proposalTtlSeconds() + 1);
            assertThat(reject(COUNCIL_2, new ApproveProposal(propose.hash()))).isEqualTo(TxError.PROPOSAL_CLOSED);
            assertThat(ledger.params().maxJobAttempts()).isEqualTo(3);
        }

        @Test
        void theMaxSupplyCannotBeProposedBelowTheOutstandingSupply() {
            var token = ledger.params().token();
            long outstanding = ledger.state().supply().outstanding();
            NetworkParams tooLow = ledger.params().withToken(
                    new TokenParams(outstanding - 1, token.providerRewardBps(), token.checkerRewardBps()));
            assertThat(reject(COUNCIL_1, new ProposeParams(tooLow))).isEqualTo(TxError.INVALID_AMOUNT);
        }
    }

    // ---- bugs in the main code, found by these tests (see the report) ----

    @Nested
    class Regressions {

        /**
         * Regression: LeaseRules.topUp read the tenant's account before it billed the lease and wrote it back
         * (less the top-up) after. When the tenant is paid by that billing (it is the job's own
         * provider, or the treasury), the payment is overwritten: GRID vanishes and the supply
         * audit reports {@code minted - burned} above everything held.
         */
        @Test
        void aTopUpByATenantThatIsAlsoTheProviderKeepsTheProvidersPay() {
            ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC));
            ledger.mintCredits(PROVIDER_1, 100 * CC);
            Hash job = ledger.submit(PROVIDER_1, SPEC, 6 * CC);
            ledger.apply(coordinator, new AssignLease(job, PROVIDER_1.address()));
            ledger.advance(900);
            long balance = ledger.balance(PROVIDER_1);
            ledger.apply(PROVIDER_1, new TopUpEscrow(job, CC));
            assertThat(ledger.balance(PROVIDER_1)).as("paid 0.95 CC worth of GRID for the quarter hour")
                    .isEqualTo(balance + 950_000);
            assertThat(SupplyAudit.problems(ledger.state())).isEmpty();
        }

        /**
         * GovernanceRules.propose checks the proposed max supply against the outstanding supply
         * when the proposal is made, but executeIfApproved does not check again when it takes
         * effect. Emissions minted in between (an epoch close) leave the outstanding supply above
         * the new max: the supply audit reports "outstanding ... exceeds the max supply".
         */
        @Test
        void aMaxSupplyProposalDoesNotTakeEffectBelowTheOutstandingSupply() {
            var token = ledger.params().token();
            long outstanding = ledger.state().supply().outstanding();
            NetworkParams exact = ledger.params().withToken(
                    new TokenParams(outstanding, token.providerRewardBps(), token.checkerRewardBps()));
            SignedTx propose = ledger.signed(COUNCIL_1, new ProposeParams(exact));
            ledger.apply(propose);
            ledger.register(PROVIDER_1, gpuOffer(1, CC));
            ledger.closeEpoch();
            assertThat(ledger.state().supply().outstanding()).as("the epoch minted emissions").isGreaterThan(outstanding);
            // either the approval is refused, or it executes without breaking the max supply
            ledger.tryApply(ledger.signed(COUNCIL_2, new ApproveProposal(propose.hash())));
            assertThat(SupplyAudit.problems(ledger.state())).isEmpty();
        }

        /**
         * Regression: EpochRules.close recorded {@code permanentlyBurned = burnLastEpoch - fromVault}, but the net
         * emission released from the vault follows the smoothed target, which can exceed the last
         * epoch's burn (a quiet epoch after a busy one). The summary then holds a negative amount,
         * which StateCodec refuses to decode ({@code u63}): the snapshot of a legal state cannot be
         * read back, so a node cannot restart from it. NetEmission itself clamps the same quantity
         * at zero.
         */
        @Test
        void aQuietEpochAfterABusyOneKeepsTheStateDecodable() {
            ledger.register(PROVIDER_1, gpuOffer(1, CC));
            ledger.closeEpoch(); // epoch 0: the setup's credit purchases are its burn
            ledger.closeEpoch(); // epoch 1: no burn at all
            // GRID doubles: the vault now holds far more than the credits need, so the net emission is released from it
            var clock = ledger.state().clock();
            ledger.tickTo(clock.epochEnd(ledger.params().emission().epochSeconds()));
            ledger.reportPrice(2 * PRICE);
            ledger.apply(coordinator, new CloseEpoch(clock.epoch()));
            var summary = ledger.state().epochs().get(clock.epoch()).orElseThrow();
            assertThat(summary.netEmission()).as("released from the vault").isPositive();
            assertThat(summary.permanentlyBurned()).isNotNegative();
            assertThat(dev.gridmint.core.state.StateCodec.decode(dev.gridmint.core.state.StateCodec.encode(ledger.state())))
                    .isEqualTo(ledger.state());
        }

        /**
         * TokenRules.mintCredits adds the minted credits to the account with a plain {@code +}
         * before the supply's {@code addExact}; past {@code Long.MAX_VALUE} the sum wraps negative
         * and the Account record throws IllegalArgumentException, which the dispatcher does not
         * catch (it turns only ArithmeticException into SUPPLY_OVERFLOW): apply throws instead of
         * refusing. It takes a price near the top of the allowed range and ten maximal mints.
         */
        @Test
        void mintingCreditsBeyondTheLargestBalanceIsRefusedNotThrown() {
            ledger = LedgerFixture.standardBuilder().fund(ALICE, 20_000_000 * GRID).build().withPriceAndCredits();
            ledger.reportPrice(1_000_000_000_000L);
            long most = 1_000_000_000_000_000L;
            while (ledger.credits(ALICE) <= Long.MAX_VALUE - most) {
                ledger.mintCredits(ALICE, most);
            }
            SignedTx overflow = ledger.signed(ALICE, new MintCredits(most, Long.MAX_VALUE));
            ApplyResult result = StateTransition.apply(ledger.state(), overflow);
            assertThat(result).isInstanceOf(Rejected.class);
        }
    }

    @Test
    void everyRejectionNamesItsReason() {
        Hash job = queuedJob();
        Rejected rejected = ledger.reject(ledger.signed(BOB, new CancelJob(job)));
        assertThat(rejected.error()).isEqualTo(TxError.UNAUTHORIZED);
        assertThat(rejected.message()).isNotBlank();
        Rejected escrow = ledger.reject(ledger.signed(ALICE, new SubmitJob(SPEC, 1)));
        assertThat(escrow.message()).contains("5000000");
    }

    @Test
    void theRegisterProviderPayloadIsUnrestricted() {
        // Anyone may register, the coordinator and tenants included; leases check offers and stake, not roles.
        ledger.registerUnstaked(ALICE, gpuOffer(1, 1));
        assertThat(ledger.state().provider(ALICE.address())).isPresent();
        ledger.apply(coordinator, new RegisterProvider(gpuOffer(1, 1)));
    }
}
