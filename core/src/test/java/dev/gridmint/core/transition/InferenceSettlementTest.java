package dev.gridmint.core.transition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxCodec;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.InferenceCharge;
import dev.gridmint.core.tx.TxPayload.MintCredits;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.ReportPrice;
import dev.gridmint.core.tx.TxPayload.SettleInference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Settling metered inference (tag 41): conservation, once only, all or nothing, and the same root on a replay. */
class InferenceSettlementTest {

    private static final long GRID = 1_000_000L;
    private static final long CC = 1_000_000L;
    private static final long PRICE = 2_000_000L;

    private final Keypair founder = TestKeys.of("founder");
    private final Keypair treasury = TestKeys.of("treasury");
    private final Keypair coordinator = TestKeys.of("coordinator");
    private final Keypair oracle = TestKeys.of("oracle");
    private final List<Keypair> payers = List.of(TestKeys.of("payer-1"), TestKeys.of("payer-2"), TestKeys.of("payer-3"));
    private final List<Keypair> providers = List.of(TestKeys.of("server-1"), TestKeys.of("server-2"));

    private EconomyDriver ledger() {
        var params = NetworkParams.defaults(List.of(founder.address()), List.of(oracle.address()));
        var allocations = new ArrayList<Allocation>();
        payers.forEach(p -> allocations.add(Allocation.liquid(p.address(), 1_000 * GRID)));
        providers.forEach(p -> allocations.add(Allocation.liquid(p.address(), 1_000 * GRID)));
        var ledger = new EconomyDriver(founder, treasury, coordinator, params, allocations);
        ledger.accept(oracle, new ReportPrice(PRICE, EconomyDriver.GENESIS_TIME));
        payers.forEach(p -> ledger.accept(p, new MintCredits(100 * CC, Long.MAX_VALUE)));
        providers.forEach(p -> ledger.accept(p, new RegisterProvider(
                new HardwareOffer(DeviceClass.GPU, "NVIDIA H100 80GB HBM3", 1, 81_920, 32, 262_144, "eu-west", 2 * CC))));
        return ledger;
    }

    private static InferenceCharge charge(Keypair payer, Keypair provider, String model, long credits) {
        return new InferenceCharge(payer.address(), provider.address(), model, 10, 20, credits);
    }

    @Test
    void seededBatchesMoveExactlyTheChargedCreditsOnceAndReplayToTheSameRoot() {
        for (long seed = 1; seed <= 20; seed++) {
            var random = new SplittableRandom(seed);
            var ledger = ledger();
            int feeBps = ledger.state().network().orElseThrow().params().credits().protocolFeeBps();
            Map<Keypair, Long> creditsBefore = new HashMap<>();
            payers.forEach(p -> creditsBefore.put(p, ledger.account(p).credits()));
            Map<Keypair, Long> gridBefore = new HashMap<>();
            providers.forEach(p -> gridBefore.put(p, ledger.account(p).balance()));
            long treasuryBefore = ledger.account(treasury).balance();
            long burnedBefore = ledger.state().supply().creditsBurned();

            Map<Keypair, Long> charged = new HashMap<>();
            Map<Keypair, Long> earnedGrid = new HashMap<>();
            long feesGrid = 0;
            long total = 0;
            int batches = 1 + random.nextInt(5);
            for (int b = 1; b <= batches; b++) {
                var entries = new TreeMap<String, InferenceCharge>();
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    Keypair payer = payers.get(random.nextInt(payers.size()));
                    Keypair provider = providers.get(random.nextInt(providers.size()));
                    String model = random.nextBoolean() ? "gridmint-names" : "all-minilm-l6-v2";
                    entries.putIfAbsent(payer.address() + provider.address().toString() + model,
                            charge(payer, provider, model, 1 + random.nextLong(2 * CC)));
                }
                List<InferenceCharge> batch = entries.values().stream().sorted(InferenceRules.ORDER).toList();
                var settle = new SettleInference(b, batch);
                assertThat(TxCodec.decodePayload(TxCodec.encodePayload(settle))).isEqualTo(settle);
                ledger.coordinatorDoes(settle); // the driver checks every supply invariant after it
                // Signed again (a restart that lost track of it): the ledger has it already.
                ledger.coordinatorFails(settle, TxError.BATCH_OUT_OF_ORDER);
                for (InferenceCharge e : batch) {
                    Keypair payer = payers.stream().filter(p -> p.address().equals(e.payer())).findFirst().orElseThrow();
                    Keypair provider = providers.stream().filter(p -> p.address().equals(e.provider())).findFirst().orElseThrow();
                    long fee = Pricing.fee(e.credits(), feeBps);
                    charged.merge(payer, e.credits(), Long::sum);
                    earnedGrid.merge(provider, Bme.gridForSettlement(e.credits() - fee, PRICE), Long::sum);
                    feesGrid += Bme.gridForSettlement(fee, PRICE);
                    total += e.credits();
                }
            }
            for (Keypair payer : payers) {
                assertThat(creditsBefore.get(payer) - ledger.account(payer).credits()).isEqualTo(charged.getOrDefault(payer, 0L));
            }
            for (Keypair provider : providers) {
                assertThat(ledger.account(provider).balance() - gridBefore.get(provider)).isEqualTo(earnedGrid.getOrDefault(provider, 0L));
            }
            assertThat(ledger.account(treasury).balance() - treasuryBefore).isEqualTo(feesGrid);
            assertThat(ledger.state().supply().creditsBurned() - burnedBefore).isEqualTo(total);
            assertThat(InferenceRules.lastBatch(ledger.state())).isEqualTo(batches);
            assertThat(ledger.replay().root()).isEqualTo(ledger.state().root());
        }
    }

    @Test
    void aBatchIsAllOrNothingAndNeverOverdrawsAPayer() {
        var ledger = ledger();
        Keypair payer = payers.getFirst();
        long held = ledger.account(payer).credits();
        // The first entry alone could be paid; with the second the payer would go below zero, so neither is.
        var tooMuch = new SettleInference(1, java.util.stream.Stream.of(charge(payer, providers.get(0), "m", 1),
                charge(payer, providers.get(1), "m", held)).sorted(InferenceRules.ORDER).toList());
        ledger.coordinatorFails(tooMuch, TxError.INSUFFICIENT_FUNDS);
        ledger.coordinatorDoes(new SettleInference(1, List.of(charge(payer, providers.get(0), "m", held))));
        assertThat(ledger.account(payer).credits()).isZero();
    }

    @Test
    void refusesWhatItCannotSettle() {
        var ledger = ledger();
        Keypair payer = payers.getFirst();
        Keypair stranger = TestKeys.of("not-a-provider");
        ledger.coordinatorFails(new SettleInference(2, List.of(charge(payer, providers.getFirst(), "m", 5))), TxError.BATCH_OUT_OF_ORDER);
        ledger.coordinatorFails(new SettleInference(1, List.of(charge(payer, stranger, "m", 5))), TxError.UNKNOWN_PROVIDER);
        ledger.coordinatorFails(new SettleInference(1, List.of(charge(payer, providers.getFirst(), "m", 0))), TxError.INVALID_AMOUNT);
        ledger.coordinatorFails(new SettleInference(1, List.of(charge(payer, providers.getFirst(), "m", InferenceCharge.MAX_CREDITS + 1))),
                TxError.INVALID_AMOUNT);
        ledger.coordinatorFails(new SettleInference(1, List.of(charge(payer, providers.getFirst(), "b", 5),
                charge(payer, providers.getFirst(), "a", 5))), TxError.MALFORMED);
        ledger.coordinatorFails(new SettleInference(1, List.of(charge(payer, providers.getFirst(), "a", 5),
                charge(payer, providers.getFirst(), "a", 5))), TxError.MALFORMED);
        // Only the coordinator settles: a payer cannot pay a friend with someone else's credits, nor a provider pay itself.
        ledger.refuse(providers.getFirst(), new SettleInference(1, List.of(charge(payer, providers.getFirst(), "m", 5))), TxError.UNAUTHORIZED);
    }

    @Test
    void aLedgerThatNeverSettledInferenceKeepsItsRoot() {
        var ledger = ledger();
        assertThat(ledger.state().accounts().get(InferenceRules.BATCH_COUNTER)).isEmpty();
        SignedTx settle = SignedTx.sign(coordinator, EconomyDriver.NETWORK, ledger.account(coordinator).nonce() + 1,
                new SettleInference(1, List.of(charge(payers.getFirst(), providers.getFirst(), "m", 5))));
        assertThat(TxCodec.decode(TxCodec.encode(settle))).isEqualTo(settle);
    }
}
