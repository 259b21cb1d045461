package dev.gridmint.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.EpochSummary;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.state.SupplyAudit;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.BondProviderStake;
import dev.gridmint.core.tx.TxPayload.CloseEpoch;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.MintCredits;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.ReportPrice;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.Tick;
import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.config.Scenario;
import dev.gridmint.sim.config.SimConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The simulator's money is the ledger's: its first epochs (a few providers, one tenant) are
 * replayed as signed transactions through core's {@link StateTransition}, and every balance the
 * simulator computed (each provider's settlement and reward, the treasury's fee, the vault, the
 * burn, the emission and the net emission released in the second epoch) comes out identical.
 */
class LedgerReplayTest {

    private static final String NETWORK = "gridmint-sim-replay";
    private static final long GENESIS_TIME = 1_800_000_000L;
    private static final long DAY = 86_400L;

    /** A rising market with no noise, so the second epoch's vault holds a surplus for the net emission to release. */
    private static final Scenario RISING = new Scenario("rising", 0.02, 0, 1, 0, -1, 0, -1, 0, 0, 0, 1);

    private final Keypair founder = TestKeys.of("founder");
    private final Keypair treasury = TestKeys.of("treasury");
    private final Keypair coordinator = TestKeys.of("coordinator");
    private final Keypair oracle = TestKeys.of("oracle");
    private final Keypair tenant = TestKeys.of("tenant");

    private LedgerState state = LedgerState.empty();

    @Test
    void twoSimulatedEpochsReplayedAsLedgerTransactionsGiveIdenticalBalances() {
        var agents = AgentParams.DEFAULTS.withInitialProviders(4).withFaultProbability(0).withEntryRate(0);
        var config = new SimConfig(EconomyParams.DEFAULTS, Design.BME, RISING, agents, 2);
        List<EpochTrace> traces = Simulation.trace(config, new SplittableRandom(42));
        List<EpochTrace.ProviderTrace> first = traces.getFirst().providers();
        List<Keypair> providers = TestKeys.of("provider", first.size());

        NetworkParams params = EconomyParams.DEFAULTS.applyTo(
                NetworkParams.defaults(List.of(founder.address()), List.of(oracle.address())));
        var allocations = new ArrayList<Allocation>();
        allocations.add(Allocation.liquid(tenant.address(), 10_000_000L * 1_000_000L));
        for (int i = 0; i < first.size(); i++) {
            allocations.add(Allocation.liquid(providers.get(i).address(), first.get(i).stake()));
        }
        accept(founder, new Genesis(treasury.address(), coordinator.address(), params, GENESIS_TIME, allocations));
        for (int i = 0; i < first.size(); i++) {
            var offer = new HardwareOffer(DeviceClass.GPU, "NVIDIA H100 80GB HBM3", first.get(i).gpus(), 80L * 1024, 32,
                    262_144, "eu-west", traces.getFirst().servicePrice());
            accept(providers.get(i), new RegisterProvider(offer));
            accept(providers.get(i), new BondProviderStake(first.get(i).stake()));
        }

        for (EpochTrace trace : traces) {
            long start = GENESIS_TIME + trace.epoch() * DAY;
            if (trace.epoch() > 0) {
                accept(oracle, new ReportPrice(trace.price(), start));
            } else {
                accept(oracle, new ReportPrice(trace.price(), GENESIS_TIME));
            }
            long tenantBefore = state.account(tenant.address()).balance();
            if (trace.creditsMinted() > 0) {
                accept(tenant, new MintCredits(trace.creditsMinted(), Long.MAX_VALUE));
            }
            assertThat(tenantBefore - state.account(tenant.address()).balance()).as("GRID burned for credits")
                    .isEqualTo(trace.gridBurned());
            for (int i = 0; i < trace.providers().size(); i++) {
                var p = trace.providers().get(i);
                if (p.billed() == 0) {
                    continue;
                }
                long escrow = Pricing.charge(trace.servicePrice(), p.gpus(), trace.busySeconds() * 1000);
                accept(tenant, new SubmitJob(new JobSpec("train-names", List.of(), p.gpus(), trace.busySeconds(),
                        trace.servicePrice()), escrow));
                Hash job = lastHash;
                accept(coordinator, new AssignLease(job, providers.get(i).address()));
            }
            long[] balances = new long[providers.size()];
            long[] unclaimed = new long[providers.size()];
            for (int i = 0; i < providers.size(); i++) {
                balances[i] = state.account(providers.get(i).address()).balance();
                unclaimed[i] = state.provider(providers.get(i).address()).orElseThrow().unclaimed();
            }
            long treasuryBefore = state.account(treasury.address()).balance();

            accept(coordinator, new Tick(start + DAY));
            accept(oracle, new ReportPrice(trace.price(), start + DAY));
            accept(coordinator, new CloseEpoch(trace.epoch()));

            for (int i = 0; i < providers.size(); i++) {
                var p = trace.providers().get(i);
                assertThat(state.account(providers.get(i).address()).balance() - balances[i])
                        .as("provider %d paid for its work in epoch %d", i, trace.epoch()).isEqualTo(p.settlementGrid());
                assertThat(state.provider(providers.get(i).address()).orElseThrow().unclaimed() - unclaimed[i])
                        .as("provider %d rewarded in epoch %d", i, trace.epoch()).isEqualTo(p.reward());
            }
            assertThat(state.account(treasury.address()).balance() - treasuryBefore).as("treasury fee")
                    .isEqualTo(trace.treasuryGrid());
            assertThat(state.supply().vault()).as("vault").isEqualTo(trace.vaultAfter());
            assertThat(state.supply().creditsOutstanding()).as("credits outstanding").isEqualTo(trace.creditsOutstandingAfter());
            EpochSummary summary = state.epochs().get(trace.epoch()).orElseThrow();
            assertThat(summary.burn()).isEqualTo(trace.gridBurned());
            assertThat(summary.workRewards()).isEqualTo(trace.work());
            assertThat(summary.availabilityRewards()).isEqualTo(trace.availability());
            assertThat(summary.providerEmission()).isEqualTo(trace.work() + trace.availability());
            assertThat(summary.netEmission()).as("net emission released from the vault").isEqualTo(trace.fromVault());
        }
        assertThat(traces.getFirst().gridBurned()).isPositive();
        assertThat(traces.getFirst().treasuryGrid()).isPositive();
        assertThat(traces.get(1).fromVault()).as("the second epoch releases net emission for the first's burn").isPositive();
        assertThat(traces.get(1).work()).isPositive();
    }

    private Hash lastHash;

    private void accept(Keypair signer, TxPayload payload) {
        SignedTx tx = SignedTx.sign(signer, NETWORK, state.account(signer.address()).nonce() + 1, payload);
        ApplyResult result = StateTransition.apply(state, tx);
        if (result instanceof ApplyResult.Rejected rejected) {
            throw new AssertionError(payload + " was refused: " + rejected.error() + " " + rejected.message());
        }
        state = ((ApplyResult.Applied) result).state();
        lastHash = tx.hash();
        assertThat(SupplyAudit.problems(state)).as("invariants after " + payload).isEmpty();
    }
}
