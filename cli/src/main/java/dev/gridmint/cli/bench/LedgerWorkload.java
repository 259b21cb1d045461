package dev.gridmint.cli.bench;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.BondProviderStake;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.MintCredits;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.ReportPrice;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.Tick;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The ledger benchmark's seeded workload: a setup (genesis, an oracle price, staked providers each
 * holding the lease of a tenant's job) and then the measured stream. The stream mixes signed GRID
 * transfers with lease settlements: a provider's usage receipt touches its lease, which bills the
 * seconds since the last touch, burns the credits and pays the provider GRID out of the vault.
 * The coordinator's clock tick moves ledger time one second every {@link #TICK_EVERY} transactions,
 * so every settlement has time to bill.
 */
record LedgerWorkload(List<SignedTx> setup, List<SignedTx> stream, int settlements) {

    static final String NETWORK = "gridmint-bench";
    static final int TICK_EVERY = 200;
    private static final long GENESIS_TIME = 1_800_000_000L;
    private static final long GRID = 1_000_000L;
    private static final long CC = 1_000_000L;

    /**
     * @param settlementPercent share of the stream that settles leases (the rest are transfers)
     * @param progress called once per signed transaction of the stream
     */
    static LedgerWorkload generate(long seed, int txCount, int accountCount, int providerCount, int settlementPercent,
            IntConsumer progress) {
        var random = new SplittableRandom(seed);
        List<Keypair> accounts = keys(random, accountCount);
        List<Keypair> providers = keys(random, providerCount);
        Keypair founder = Keypair.generate(random);
        Keypair tenant = Keypair.generate(random);
        Map<Address, Long> nonces = new HashMap<>();
        List<SignedTx> setup = new ArrayList<>();

        List<Allocation> allocations = new ArrayList<>();
        accounts.forEach(a -> allocations.add(Allocation.liquid(a.address(), 1_000 * GRID)));
        providers.forEach(p -> allocations.add(Allocation.liquid(p.address(), 200 * GRID)));
        allocations.add(Allocation.liquid(tenant.address(), 10_000_000 * GRID));
        var params = NetworkParams.defaults(List.of(founder.address()), List.of(founder.address()));
        setup.add(sign(founder, nonces, new Genesis(founder.address(), founder.address(), params, GENESIS_TIME, allocations)));
        setup.add(sign(founder, nonces, new ReportPrice(1_000_000, GENESIS_TIME)));
        setup.add(sign(tenant, nonces, new MintCredits(providerCount * 1_000 * CC, Long.MAX_VALUE)));
        var offer = new HardwareOffer(DeviceClass.CPU, "bench cpu", 1, 0, 8, 16_384, "bench", CC);
        var spec = new JobSpec("train-names", List.of(), 1, 30L * 24 * 3600, CC);
        List<Hash> jobs = new ArrayList<>();
        for (Keypair provider : providers) {
            setup.add(sign(provider, nonces, new RegisterProvider(offer)));
            setup.add(sign(provider, nonces, new BondProviderStake(params.staking().cpuStakeUnit())));
            SignedTx submit = sign(tenant, nonces, new SubmitJob(spec, 1_000 * CC));
            setup.add(submit);
            jobs.add(submit.hash());
            setup.add(sign(founder, nonces, new AssignLease(submit.hash(), provider.address())));
        }

        List<SignedTx> stream = new ArrayList<>(txCount);
        long[] usage = new long[providerCount];
        long now = GENESIS_TIME;
        int settlements = 0;
        for (int i = 0; i < txCount; i++) {
            if (i % TICK_EVERY == TICK_EVERY - 1) {
                stream.add(sign(founder, nonces, new Tick(++now)));
            } else if (random.nextInt(100) < settlementPercent) {
                int p = random.nextInt(providerCount);
                usage[p] += 1_000;
                stream.add(sign(providers.get(p), nonces, new UsageReceipt(jobs.get(p), 1, usage[p])));
                settlements++;
            } else {
                Keypair from = accounts.get(random.nextInt(accountCount));
                Address to = accounts.get(random.nextInt(accountCount)).address();
                stream.add(sign(from, nonces, new Transfer(to, 1 + random.nextInt(1_000))));
            }
            progress.accept(i);
        }
        return new LedgerWorkload(List.copyOf(setup), List.copyOf(stream), settlements);
    }

    private static List<Keypair> keys(SplittableRandom random, int count) {
        List<Keypair> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(Keypair.generate(random));
        }
        return keys;
    }

    private static SignedTx sign(Keypair signer, Map<Address, Long> nonces, TxPayload payload) {
        long nonce = nonces.merge(signer.address(), 1L, Long::sum);
        return SignedTx.sign(signer, NETWORK, nonce, payload);
    }
}
