package dev.gridmint.node.acceptance.dsl;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.MintCredits;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.node.api.Views;
import java.util.ArrayList;
import java.util.List;

/**
 * An AI developer with a wallet in a {@link TestNetwork}: buys compute credits with its GRID, submits
 * jobs with an escrow of credits and gets back what they did not use.
 */
public final class Tenant {

    /** The seed every training job gets unless asked otherwise, so runs are reproducible. */
    public static final long DEFAULT_SEED = 7;
    /** The most a DSL training job pays: 10 CC per device-hour. */
    public static final long DEFAULT_MAX_PRICE = 10 * TestNetwork.CC;
    /** The longest a DSL training job may run; the escrow covers this at the max price. */
    public static final long DEFAULT_MAX_SECONDS = 120;

    private final TestNetwork network;
    private final String name;

    Tenant(TestNetwork network, String name) {
        this.network = network;
        this.name = name;
    }

    /** A {@code train-names} spec: one device, the default seed, price cap and time limit. */
    public static JobSpec training(int steps) {
        return training(steps, 0);
    }

    /** As {@link #training(int)}, reporting progress every {@code evalEvery} steps (0: the workload's default). */
    public static JobSpec training(int steps, int evalEvery) {
        List<String> args = new ArrayList<>(List.of("--seed", Long.toString(DEFAULT_SEED), "--steps", Integer.toString(steps)));
        if (evalEvery > 0) {
            args.addAll(List.of("--eval-every", Integer.toString(evalEvery)));
        }
        return new JobSpec("train-names", args, 1, DEFAULT_MAX_SECONDS, DEFAULT_MAX_PRICE);
    }

    /** Orders a small training run with exactly its worst-case escrow. */
    public JobHandle submitsTraining(int steps) {
        return submits(training(steps));
    }

    /** Orders a training run that reports progress often, for tests that act mid-job. */
    public JobHandle submitsTraining(int steps, int evalEvery) {
        return submits(training(steps, evalEvery));
    }

    /** Orders a job with exactly its worst-case escrow (which covers its minimum runway). */
    public JobHandle submits(JobSpec spec) {
        return submits(spec, spec.worstCaseCost());
    }

    /** Buys the credits the escrow needs beyond those the tenant holds, then orders the job with that escrow. */
    public JobHandle submits(JobSpec spec, long escrow) {
        long missing = escrow - credits();
        if (missing > 0) {
            buysCredits(missing);
        }
        Views.TxAccepted accepted = signs(new SubmitJob(spec, escrow));
        return new JobHandle(network, Hash.parse(accepted.txHash()), escrow);
    }

    /** Burns GRID for {@code credits} micro-CC at the oracle price, paying no more than the price says. */
    public Views.TxAccepted buysCredits(long credits) {
        return signs(new MintCredits(credits, network.gridToMint(credits)));
    }

    /** Micro-CC the tenant holds. */
    public long credits() {
        return network.creditsOf(name);
    }

    public Views.TxAccepted cancels(JobHandle job) {
        return signs(new CancelJob(job.id()));
    }

    public Views.TxAccepted transfers(String to, long microGrid) {
        return signs(new Transfer(TestNetwork.address(to), microGrid));
    }

    /** Signs any payload at the next nonce and submits it; throws on a refusal. */
    public Views.TxAccepted signs(TxPayload payload) {
        return network.submit(name, payload);
    }

    public long balance() {
        return network.balanceOf(name);
    }

    public String name() {
        return name;
    }

    public Keypair key() {
        return TestNetwork.key(name);
    }

    public Address address() {
        return key().address();
    }

    @Override
    public String toString() {
        return "tenant " + name + " (" + address() + ")";
    }
}
