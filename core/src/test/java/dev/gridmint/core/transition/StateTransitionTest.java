package dev.gridmint.core.transition;

import static dev.gridmint.core.testing.LedgerFixture.ALICE;
import static dev.gridmint.core.testing.LedgerFixture.BOB;
import static dev.gridmint.core.testing.LedgerFixture.CAROL;
import static dev.gridmint.core.testing.LedgerFixture.GRID;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_1;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_2;
import static dev.gridmint.core.testing.LedgerFixture.TREASURY;
import static dev.gridmint.core.testing.LedgerFixture.gpuOffer;
import static dev.gridmint.core.testing.LedgerFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.state.Account;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.Lease;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.NetworkConfig;
import dev.gridmint.core.state.NetworkParams;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The ledger's rules, one at a time. Every refusal goes through {@link LedgerFixture#reject},
 * which also checks that the state, and so its root, did not change.
 */
class StateTransitionTest {

    /** Two devices, an hour at most, 2.5 GRID per device-hour at most: a worst case of 5 GRID. */
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

    // ---- shared steps ----

    private Hash queuedJob() {
        ledger.register(PROVIDER_1, gpuOffer(4, 2_000_000));
        return ledger.submit(ALICE, SPEC, 6_000_000);
    }

    private Hash leasedJob() {
        Hash job = queuedJob();
        ledger.apply(coordinator, new AssignLease(job, PROVIDER_1.address()));
        return job;
    }

    private Hash completedJob(long usageMillis) {
        Hash job = leasedJob();
        ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, usageMillis));
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
        long alice0 = ledger.balance(ALICE);
        long provider0 = ledger.balance(PROVIDER_1);
        long treasury0 = ledger.balance(TREASURY);
        long minted = ledger.state().minted();
        assertThat(alice0).isEqualTo(1_000 * GRID);

        ledger.register(PROVIDER_1, gpuOffer(4, 2_000_000));
        Provider provider = ledger.state().provider(PROVIDER_1.address()).orElseThrow();
        assertThat(provider.offer()).isEqualTo(gpuOffer(4, 2_000_000));
        assertThat(provider.registeredAtHeight()).isEqualTo(ledger.state().height());

        assertThat(SPEC.worstCaseCost()).isEqualTo(WORST_CASE);
        SignedTx submit = ledger.signed(ALICE, new SubmitJob(SPEC, 6_000_000));
        ledger.apply(submit);
        Hash id = submit.hash();
        Job job = ledger.job(id);
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.tenant()).isEqualTo(ALICE.address());
        assertThat(job.escrow()).isEqualTo(6_000_000);
        assertThat(job.spec()).isEqualTo(SPEC);
        assertThat(job.submittedAtHeight()).isEqualTo(ledger.state().height());
        assertThat(ledger.balance(ALICE)).isEqualTo(alice0 - 6_000_000);
        assertThat(ledger.state().supplyConserved()).isTrue();

        ledger.apply(coordinator, new AssignLease(id, PROVIDER_1.address()));
        job = ledger.job(id);
        assertThat(job.status()).isEqualTo(JobStatus.LEASED);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.lease()).contains(new Lease(PROVIDER_1.address(), 1, 2_000_000, ledger.state().height()));

        ledger.apply(PROVIDER_1, new UsageReceipt(id, 1, 900_000));
        assertThat(ledger.job(id).usageMillis()).isEqualTo(900_000);
        ledger.apply(PROVIDER_1, new UsageReceipt(id, 1, 1_000_001));
        assertThat(ledger.job(id).usageMillis()).isEqualTo(1_000_001);

        ledger.apply(PROVIDER_1, new CompleteJob(id, 1, RESULT));
        job = ledger.job(id);
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.resultHash()).contains(RESULT);
        assertThat(ledger.balance(ALICE)).as("nothing moves before settlement").isEqualTo(alice0 - 6_000_000);
        assertThat(ledger.balance(PROVIDER_1)).isEqualTo(provider0);

        ledger.apply(coordinator, new SettleJob(id));
        // 2 devices x 2 GRID/h x 1,000,001 ms = 1,111,112.2 -> 1,111,113; 5% fee 55,555.65 -> 55,556.
        long charged = 1_111_113;
        long fee = 55_556;
        job = ledger.job(id);
        assertThat(job.status()).isEqualTo(JobStatus.SETTLED);
        assertThat(job.settlement()).contains(new Settlement(charged, charged - fee, fee, 6_000_000 - charged));
        assertThat(ledger.balance(PROVIDER_1)).isEqualTo(provider0 + charged - fee);
        assertThat(ledger.balance(TREASURY)).isEqualTo(treasury0 + fee);
        assertThat(ledger.balance(ALICE)).as("refund of the rest of the escrow").isEqualTo(alice0 - charged);
        assertThat(ledger.state().supplyHeld()).as("the escrow is released").isEqualTo(minted);
        assertThat(ledger.state().supplyConserved()).isTrue();
        assertThat(ledger.state().minted()).isEqualTo(minted);
        assertThat(ledger.state().burned()).isZero();

        assertThat(ledger.nonce(ALICE)).isEqualTo(1);
        assertThat(ledger.nonce(PROVIDER_1)).isEqualTo(4);
        assertThat(ledger.nonce(coordinator)).as("genesis, assign, settle").isEqualTo(3);
        assertThat(ledger.state().height()).isEqualTo(8);
        assertThat(LedgerFixture.replay(ledger.log()).root()).isEqualTo(ledger.state().root());
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
    }

    // ---- genesis ----

    @Nested
    class Genesis_ {

        private final Keypair signer = TestKeys.of("genesis-signer");
        private final Address a = TestKeys.of("ga").address();

        private ApplyResult apply(String network, long nonce, List<Allocation> allocations) {
            var genesis = new Genesis(TREASURY.address(), signer.address(), NetworkParams.DEFAULTS, allocations);
            return StateTransition.apply(LedgerState.empty(), SignedTx.sign(signer, network, nonce, genesis));
        }

        private TxError error(ApplyResult result) {
            assertThat(result).isInstanceOf(Rejected.class);
            return ((Rejected) result).error();
        }

        @Test
        void createsTheSupplyAndFixesTheNetwork() {
            LedgerState state = ((Applied) apply("net", 1, List.of(new Allocation(a, 5), new Allocation(a, 7),
                    new Allocation(TREASURY.address(), 100)))).state();
            assertThat(state.height()).isEqualTo(1);
            assertThat(state.minted()).isEqualTo(112);
            assertThat(state.burned()).isZero();
            assertThat(state.account(a)).isEqualTo(new Account(12, 0));
            assertThat(state.account(TREASURY.address()).balance()).isEqualTo(100);
            assertThat(state.account(signer.address())).isEqualTo(new Account(0, 1));
            assertThat(state.network()).contains(new NetworkConfig("net", TREASURY.address(), signer.address(), NetworkParams.DEFAULTS));
            assertThat(state.supplyConserved()).isTrue();
        }

        @Test
        void anEmptyGenesisIsAllowed() {
            LedgerState state = ((Applied) apply("net", 1, List.of())).state();
            assertThat(state.minted()).isZero();
            assertThat(state.supplyConserved()).isTrue();
        }

        @Test
        void refusals() {
            assertThat(error(apply("net", 1, List.of(new Allocation(a, 0))))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(error(apply("net", 1, List.of(new Allocation(a, -5))))).isEqualTo(TxError.INVALID_AMOUNT);
            assertThat(error(apply(" ", 1, List.of(new Allocation(a, 5))))).isEqualTo(TxError.MALFORMED);
            assertThat(error(apply("", 1, List.of(new Allocation(a, 5))))).isEqualTo(TxError.MALFORMED);
            assertThat(error(apply("net", 2, List.of(new Allocation(a, 5))))).isEqualTo(TxError.BAD_NONCE);
            assertThat(error(apply("net", 0, List.of(new Allocation(a, 5))))).isEqualTo(TxError.BAD_NONCE);
            assertThat(error(apply("net", 1, List.of(new Allocation(a, Long.MAX_VALUE), new Allocation(TREASURY.address(), 1)))))
                    .isEqualTo(TxError.SUPPLY_OVERFLOW);
            assertThat(error(apply("net", 1, List.of(new Allocation(a, Long.MAX_VALUE), new Allocation(a, 1)))))
                    .isEqualTo(TxError.SUPPLY_OVERFLOW);
        }

        @Test
        void aBadlySignedGenesisIsRefused() {
            var genesis = new Genesis(TREASURY.address(), signer.address(), NetworkParams.DEFAULTS, List.of(new Allocation(a, 5)));
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
        }

        @Test
        void aSecondGenesisIsRefused() {
            var again = new Genesis(TREASURY.address(), coordinator.address(), NetworkParams.DEFAULTS,
                    List.of(new Allocation(coordinator.address(), 1_000 * GRID)));
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
            SignedTx byBob = ledger.signedWithNonce(BOB, 1, new Transfer(BOB.address(), GRID));
            var forged = new SignedTx(ledger.networkId(), ALICE.address(), 1, byBob.payload(), byBob.signature());
            assertThat(ledger.reject(forged).error()).isEqualTo(TxError.BAD_SIGNATURE);
            assertThat(ledger.balance(ALICE)).isEqualTo(1_000 * GRID);
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
            SignedTx tx = ledger.signed(ALICE, new Transfer(BOB.address(), GRID));
            ledger.apply(tx);
            assertThat(ledger.reject(tx).error()).isEqualTo(TxError.BAD_NONCE);
            assertThat(ledger.balance(BOB)).isEqualTo(1_001 * GRID);
            assertThat(ledger.balance(ALICE)).isEqualTo(999 * GRID);
        }

        @Test
        void aReusedNonceIsRefused() {
            ledger.apply(ALICE, new Transfer(BOB.address(), GRID));
            SignedTx reused = ledger.signedWithNonce(ALICE, 1, new Transfer(CAROL.address(), GRID));
            assertThat(ledger.reject(reused).error()).isEqualTo(TxError.BAD_NONCE);
            assertThat(ledger.reject(ledger.signedWithNonce(ALICE, 0, new Transfer(CAROL.address(), GRID))).error())
                    .isEqualTo(TxError.BAD_NONCE);
        }

        @Test
        void aSkippedNonceIsRefusedAndTheRightOneStillWorks() {
            SignedTx skipped = ledger.signedWithNonce(ALICE, 2, new Transfer(BOB.address(), GRID));
            assertThat(ledger.reject(skipped).error()).isEqualTo(TxError.BAD_NONCE);
            ledger.apply(ledger.signedWithNonce(ALICE, 1, new Transfer(BOB.address(), GRID)));
            ledger.apply(skipped);
            assertThat(ledger.nonce(ALICE)).isEqualTo(2);
            assertThat(ledger.reject(ledger.signedWithNonce(ALICE, Long.MAX_VALUE, new Transfer(BOB.address(), 1))).error())
                    .isEqualTo(TxError.BAD_NONCE);
        }

        @Test
        void aRefusalTakesNoNonceAndNoHeight() {
            long height = ledger.state().height();
            SignedTx overdraft = ledger.signed(ALICE, new Transfer(BOB.address(), 1_001 * GRID));
            assertThat(ledger.reject(overdraft).error()).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            assertThat(ledger.nonce(ALICE)).isZero();
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
            ledger.apply(ALICE, new Transfer(BOB.address(), 250_000_001));
            assertThat(ledger.balance(ALICE)).isEqualTo(1_000 * GRID - 250_000_001);
            assertThat(ledger.balance(BOB)).isEqualTo(1_000 * GRID + 250_000_001);
            assertThat(ledger.state().supplyConserved()).isTrue();
        }

        @Test
        void theWholeBalanceMayMove() {
            ledger.apply(ALICE, new Transfer(BOB.address(), 1_000 * GRID));
            assertThat(ledger.balance(ALICE)).isZero();
            assertThat(ledger.state().account(ALICE.address())).isEqualTo(new Account(0, 1));
        }

        @Test
        void toANewAccountCreatesIt() {
            Address stranger = TestKeys.of("stranger").address();
            ledger.apply(ALICE, new Transfer(stranger, 7));
            assertThat(ledger.state().account(stranger)).isEqualTo(new Account(7, 0));
        }

        @Test
        void toOneselfOnlyTakesTheNonce() {
            ledger.apply(ALICE, new Transfer(ALICE.address(), 10 * GRID));
            assertThat(ledger.state().account(ALICE.address())).isEqualTo(new Account(1_000 * GRID, 1));
        }

        @Test
        void overdraftsAreRefused() {
            assertThat(reject(ALICE, new Transfer(BOB.address(), 1_000 * GRID + 1))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
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
        void reRegisteringUpdatesTheOfferAndKeepsTheFirstHeight() {
            ledger.register(PROVIDER_1, gpuOffer(4, 2_000_000));
            long firstHeight = ledger.state().height();
            ledger.apply(ALICE, new Transfer(BOB.address(), 1));
            ledger.register(PROVIDER_1, gpuOffer(2, 900_000));
            Provider provider = ledger.state().provider(PROVIDER_1.address()).orElseThrow();
            assertThat(provider.offer()).isEqualTo(gpuOffer(2, 900_000));
            assertThat(provider.registeredAtHeight()).isEqualTo(firstHeight);
            assertThat(ledger.state().providers().size()).isEqualTo(1);
        }

        @Test
        void escrowMustCoverTheWorstCase() {
            assertThat(reject(ALICE, new SubmitJob(SPEC, WORST_CASE - 1))).isEqualTo(TxError.ESCROW_TOO_LOW);
            assertThat(reject(ALICE, new SubmitJob(SPEC, 0))).isEqualTo(TxError.ESCROW_TOO_LOW);
            Hash exact = ledger.submit(ALICE, SPEC, WORST_CASE);
            assertThat(ledger.job(exact).escrow()).isEqualTo(WORST_CASE);
        }

        @Test
        void escrowMustBeInTheBalance() {
            assertThat(reject(ALICE, new SubmitJob(SPEC, 1_000 * GRID + 1))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            assertThat(reject(TestKeys.of("broke"), new SubmitJob(SPEC, WORST_CASE))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
            ledger.submit(ALICE, SPEC, 1_000 * GRID);
            assertThat(ledger.balance(ALICE)).isZero();
            assertThat(ledger.state().supplyConserved()).isTrue();
        }
    }

    // ---- leases ----

    @Nested
    class Assignment {

        @Test
        void onlyTheCoordinatorAssigns() {
            Hash job = queuedJob();
            for (Keypair signer : List.of(ALICE, PROVIDER_1, TREASURY)) {
                assertThat(reject(signer, new AssignLease(job, PROVIDER_1.address()))).isEqualTo(TxError.UNAUTHORIZED);
            }
        }

        @Test
        void theJobMustExistAndBeQueued() {
            queuedJob();
            assertThat(reject(coordinator, new AssignLease(NO_SUCH_JOB, PROVIDER_1.address()))).isEqualTo(TxError.UNKNOWN_JOB);
            Hash leased = leasedJob();
            ledger.register(PROVIDER_2, gpuOffer(8, 1_000_000));
            assertThat(reject(coordinator, new AssignLease(leased, PROVIDER_2.address()))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(coordinator, new AssignLease(leased, PROVIDER_1.address()))).isEqualTo(TxError.INVALID_JOB_STATE);
        }

        @Test
        void theProviderMustBeRegistered() {
            Hash job = queuedJob();
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_2.address()))).isEqualTo(TxError.UNKNOWN_PROVIDER);
        }

        @Test
        void theOfferMustMeetPriceAndDevices() {
            Hash job = queuedJob();
            ledger.register(PROVIDER_2, gpuOffer(8, 2_500_001));
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_2.address()))).isEqualTo(TxError.OFFER_MISMATCH);
            ledger.register(PROVIDER_2, gpuOffer(1, 1_000_000));
            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_2.address()))).isEqualTo(TxError.OFFER_MISMATCH);
            ledger.register(PROVIDER_2, gpuOffer(2, 2_500_000));
            ledger.apply(coordinator, new AssignLease(job, PROVIDER_2.address()));
            assertThat(ledger.job(job).lease().orElseThrow().pricePerDeviceHour()).isEqualTo(2_500_000);
        }
    }

    @Nested
    class Receipts {

        @Test
        void onlyTheLeaseHolderReports() {
            Hash job = leasedJob();
            ledger.register(PROVIDER_2, gpuOffer(8, 1_000_000));
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
            Hash job = completedJob(60_000);
            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 1, 120_000))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(PROVIDER_1, new CompleteJob(job, 1, RESULT))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(ledger.job(job).usageMillis()).isEqualTo(60_000);
        }

        @Test
        void onlyTheLeaseHolderCompletes() {
            Hash job = leasedJob();
            ledger.register(PROVIDER_2, gpuOffer(8, 1_000_000));
            assertThat(reject(PROVIDER_2, new CompleteJob(job, 1, RESULT))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(ALICE, new CompleteJob(job, 1, RESULT))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(PROVIDER_1, new CompleteJob(job, 2, RESULT))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(PROVIDER_1, new CompleteJob(NO_SUCH_JOB, 1, RESULT))).isEqualTo(TxError.UNKNOWN_JOB);
            ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
        }
    }

    @Nested
    class Releases {

        @Test
        void onlyTheCoordinatorReleases() {
            Hash job = leasedJob();
            assertThat(reject(PROVIDER_1, new ReleaseLease(job, 1, "bored"))).isEqualTo(TxError.UNAUTHORIZED);
            assertThat(reject(ALICE, new ReleaseLease(job, 1, "bored"))).isEqualTo(TxError.UNAUTHORIZED);
        }

        @Test
        void onlyTheCurrentLeaseIsReleased() {
            Hash job = queuedJob();
            assertThat(reject(coordinator, new ReleaseLease(job, 0, "x"))).isEqualTo(TxError.INVALID_JOB_STATE);
            ledger.apply(coordinator, new AssignLease(job, PROVIDER_1.address()));
            assertThat(reject(coordinator, new ReleaseLease(job, 2, "x"))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(coordinator, new ReleaseLease(job, 0, "x"))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(coordinator, new ReleaseLease(NO_SUCH_JOB, 1, "x"))).isEqualTo(TxError.UNKNOWN_JOB);
            ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
            assertThat(reject(coordinator, new ReleaseLease(job, 1, "x"))).isEqualTo(TxError.INVALID_JOB_STATE);
        }

        @Test
        void aReleaseRequeuesTheJobAndDropsItsUnfinishedWork() {
            Hash job = leasedJob();
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 600_000));
            ledger.apply(coordinator, new ReleaseLease(job, 1, "heartbeat timeout"));
            Job requeued = ledger.job(job);
            assertThat(requeued.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(requeued.attempts()).isEqualTo(1);
            assertThat(requeued.lease()).isEmpty();
            assertThat(requeued.usageMillis()).isZero();
            assertThat(requeued.escrow()).isEqualTo(6_000_000);
            assertThat(ledger.balance(ALICE)).isEqualTo(1_000 * GRID - 6_000_000);
            assertThat(ledger.state().supplyConserved()).isTrue();
        }

        @Test
        void aReceiptForAnOldAttemptIsRefusedAndNothingIsPaidTwice() {
            Hash job = leasedJob();
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 1_800_000));
            ledger.apply(coordinator, new ReleaseLease(job, 1, "provider lost"));
            ledger.apply(coordinator, new AssignLease(job, PROVIDER_1.address()));
            assertThat(ledger.job(job).lease().orElseThrow().attempt()).isEqualTo(2);

            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 1, 1_800_000))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(PROVIDER_1, new CompleteJob(job, 1, RESULT))).isEqualTo(TxError.NOT_LEASE_HOLDER);
            assertThat(reject(coordinator, new ReleaseLease(job, 1, "again"))).isEqualTo(TxError.INVALID_JOB_STATE);

            long provider0 = ledger.balance(PROVIDER_1);
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 2, 900_000));
            ledger.apply(PROVIDER_1, new CompleteJob(job, 2, RESULT));
            ledger.apply(coordinator, new SettleJob(job));
            // Only the second lease's 15 minutes are billed: 2 x 2 GRID x 0.25 h = 1 GRID, fee 5%.
            Settlement settlement = ledger.job(job).settlement().orElseThrow();
            assertThat(settlement).isEqualTo(new Settlement(GRID, 950_000, 50_000, 5_000_000));
            assertThat(ledger.balance(PROVIDER_1)).isEqualTo(provider0 + 950_000);
            assertThat(ledger.balance(ALICE)).isEqualTo(1_000 * GRID - GRID);
        }

        @Test
        void theLastAllowedReleaseFailsTheJobAndRefundsInFull() {
            Hash job = queuedJob();
            ledger.register(PROVIDER_2, gpuOffer(8, 1_000_000));
            int max = ledger.params().maxJobAttempts();
            assertThat(max).isEqualTo(3);
            for (int attempt = 1; attempt <= max; attempt++) {
                Keypair provider = attempt % 2 == 1 ? PROVIDER_1 : PROVIDER_2;
                ledger.apply(coordinator, new AssignLease(job, provider.address()));
                ledger.apply(provider, new UsageReceipt(job, attempt, 100_000));
                assertThat(ledger.balance(ALICE)).isEqualTo(1_000 * GRID - 6_000_000);
                ledger.apply(coordinator, new ReleaseLease(job, attempt, "provider lost"));
                assertThat(ledger.job(job).status()).isEqualTo(attempt < max ? JobStatus.QUEUED : JobStatus.FAILED);
            }
            assertThat(ledger.balance(ALICE)).isEqualTo(1_000 * GRID);
            assertThat(ledger.balance(PROVIDER_1)).isEqualTo(10 * GRID);
            assertThat(ledger.balance(PROVIDER_2)).isEqualTo(10 * GRID);
            assertThat(ledger.job(job).escrow()).as("kept as a record").isEqualTo(6_000_000);
            assertThat(ledger.state().supplyConserved()).isTrue();

            assertThat(reject(coordinator, new AssignLease(job, PROVIDER_1.address()))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(coordinator, new ReleaseLease(job, max, "again"))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(ALICE, new CancelJob(job))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(reject(coordinator, new SettleJob(job))).isEqualTo(TxError.INVALID_JOB_STATE);
        }

        @Test
        void withOneAttemptTheFirstReleaseFailsTheJob() {
            ledger = LedgerFixture.builder().maxJobAttempts(1).fund(ALICE, 100 * GRID).build();
            ledger.register(PROVIDER_1, gpuOffer(4, 2_000_000));
            Hash job = ledger.submit(ALICE, SPEC);
            ledger.apply(ledger.coordinator(), new AssignLease(job, PROVIDER_1.address()));
            ledger.apply(ledger.coordinator(), new ReleaseLease(job, 1, ""));
            assertThat(ledger.job(job).status()).isEqualTo(JobStatus.FAILED);
            assertThat(ledger.balance(ALICE)).isEqualTo(100 * GRID);
        }
    }

    @Nested
    class Settlements {

        @Test
        void onlyTheCoordinatorSettles() {
            Hash job = completedJob(60_000);
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
            Hash job = completedJob(1_800_000);
            ledger.apply(coordinator, new SettleJob(job));
            long provider = ledger.balance(PROVIDER_1);
            long treasury = ledger.balance(TREASURY);
            long alice = ledger.balance(ALICE);
            assertThat(reject(coordinator, new SettleJob(job))).isEqualTo(TxError.INVALID_JOB_STATE);
            assertThat(ledger.balance(PROVIDER_1)).isEqualTo(provider);
            assertThat(ledger.balance(TREASURY)).isEqualTo(treasury);
            assertThat(ledger.balance(ALICE)).isEqualTo(alice);
            assertThat(reject(ALICE, new CancelJob(job))).isEqualTo(TxError.INVALID_JOB_STATE);
        }

        @Test
        void noUsageMeansAFullRefund() {
            Hash job = leasedJob();
            ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
            long provider = ledger.balance(PROVIDER_1);
            ledger.apply(coordinator, new SettleJob(job));
            assertThat(ledger.job(job).settlement()).contains(new Settlement(0, 0, 0, 6_000_000));
            assertThat(ledger.balance(ALICE)).isEqualTo(1_000 * GRID);
            assertThat(ledger.balance(PROVIDER_1)).isEqualTo(provider);
        }

        @Test
        void theWorstCaseUsesUpAnExactEscrow() {
            ledger.register(PROVIDER_1, gpuOffer(2, 2_500_000));
            Hash job = ledger.submit(ALICE, SPEC, WORST_CASE);
            ledger.apply(coordinator, new AssignLease(job, PROVIDER_1.address()));
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 3_600_000));
            ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
            ledger.apply(coordinator, new SettleJob(job));
            assertThat(ledger.job(job).settlement()).contains(new Settlement(WORST_CASE, 4_750_000, 250_000, 0));
            assertThat(ledger.state().supplyConserved()).isTrue();
        }

        @Test
        void theLeasePriceIsFixedWhenTheLeaseIsMade() {
            Hash job = leasedJob();
            ledger.register(PROVIDER_1, gpuOffer(4, 2_500_000));
            ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 900_000));
            ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
            ledger.apply(coordinator, new SettleJob(job));
            // 2 devices x 2 GRID (not 2.5) x 0.25 h
            assertThat(ledger.job(job).settlement().orElseThrow().charged()).isEqualTo(GRID);
        }

        @Test
        void theFeeFollowsTheNetworkParameter() {
            for (int bps : new int[] {0, 1, 10_000}) {
                ledger = LedgerFixture.builder().protocolFeeBps(bps).fund(ALICE, 100 * GRID).build();
                ledger.register(PROVIDER_1, gpuOffer(4, 2_000_000));
                Hash job = ledger.submit(ALICE, SPEC, 6_000_000);
                ledger.apply(ledger.coordinator(), new AssignLease(job, PROVIDER_1.address()));
                ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 900_000));
                ledger.apply(PROVIDER_1, new CompleteJob(job, 1, RESULT));
                ledger.apply(ledger.coordinator(), new SettleJob(job));
                long fee = bps == 0 ? 0 : bps == 1 ? 100 : GRID;
                assertThat(ledger.job(job).settlement()).as("%d bps", bps)
                        .contains(new Settlement(GRID, GRID - fee, fee, 5_000_000));
                assertThat(ledger.balance(TREASURY)).isEqualTo(fee);
                assertThat(ledger.balance(PROVIDER_1)).isEqualTo(GRID - fee);
            }
        }
    }

    @Nested
    class Cancellations {

        @Test
        void theTenantCancelsAQueuedJobAndGetsEverythingBack() {
            Hash job = queuedJob();
            ledger.apply(ALICE, new CancelJob(job));
            assertThat(ledger.job(job).status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(ledger.balance(ALICE)).isEqualTo(1_000 * GRID);
            assertThat(ledger.state().supplyConserved()).isTrue();
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
            Hash job = leasedJob();
            ledger.apply(coordinator, new ReleaseLease(job, 1, "lost"));
            ledger.apply(ALICE, new CancelJob(job));
            assertThat(ledger.balance(ALICE)).isEqualTo(1_000 * GRID);
            assertThat(reject(PROVIDER_1, new UsageReceipt(job, 1, 1))).isEqualTo(TxError.NOT_LEASE_HOLDER);
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
        // Anyone may register, the coordinator and tenants included; leases check offers, not roles.
        ledger.apply(ALICE, new RegisterProvider(gpuOffer(1, 1)));
        assertThat(ledger.state().provider(ALICE.address())).isPresent();
    }
}
