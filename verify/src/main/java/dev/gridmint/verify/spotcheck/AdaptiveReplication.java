package dev.gridmint.verify.spotcheck;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.Seeds;
import java.util.HashMap;
import java.util.Map;

/**
 * How often a provider's jobs are re-executed, from its streak of consecutive valid results
 * (BOINC's CV). Below {@code trustAfter} valid results every job is checked; after that the rate
 * is {@code decay / (decay + streak − trustAfter)}, BOINC's 1/CV shape started at 1 and stretched,
 * down to {@code floorBps}. Any invalid result resets the streak to 0.
 *
 * <p>Why the defaults (10, 20, 2%): a cheater faking a share f = 10% of its jobs is caught with
 * per-job probability f·p. Over its first 200 jobs it survives the 10 always-checked jobs with
 * 0.9^10 = 0.35, then the decay with exp(−0.1 × 20 × ln(210/20)) = 0.009: caught with 99.7%.
 * BOINC's own shape (decay = trustAfter = 10) gives only 98.3%. An honest provider pays
 * 10 + 20·ln(1000/20) ≈ 88 checks to reach the 2% floor at streak ≈ 990, so over 5,000 jobs its
 * overhead is (88 + 80)/5,000 ≈ 3.4%, and 2% for ever after.
 */
public final class AdaptiveReplication {

    private static final String DOMAIN = "gridmint/verify/spotcheck/v1";

    public record Params(int trustAfter, int decay, int floorBps) {
        public static final Params DEFAULT = new Params(10, 20, 200);

        public Params {
            if (trustAfter < 0 || decay < 1 || floorBps < 1 || floorBps > 10_000) {
                throw new IllegalArgumentException("trustAfter ≥ 0, decay ≥ 1 and the floor in 1..10000 bps");
            }
        }

        public double floor() {
            return floorBps / 10_000.0;
        }

        /** The check rate for a provider with {@code streak} consecutive valid results. */
        public double rate(int streak) {
            if (streak < trustAfter) {
                return 1;
            }
            return Math.max(floor(), (double) decay / (decay + streak - trustAfter));
        }
    }

    private final Params params;
    private final Map<Address, Integer> streaks = new HashMap<>();

    public AdaptiveReplication(Params params) {
        this.params = params;
    }

    public int streak(Address provider) {
        return streaks.getOrDefault(provider, 0);
    }

    public double rate(Address provider) {
        return params.rate(streak(provider));
    }

    /**
     * Whether this job is re-executed: a Bernoulli draw at the provider's rate, recomputable from
     * (seed, provider, job) by anyone holding the seed. The seed must stay the checker's until the
     * provider has committed to its result, or the provider would know which jobs are safe to fake.
     */
    public boolean shouldCheck(Address provider, Hash seed, long jobId) {
        Hash draw = Seeds.derive(DOMAIN, seed.bytes(), provider.publicKey(), Seeds.longBytes(jobId));
        return Seeds.uniform(draw) < rate(provider);
    }

    /**
     * Records a result: valid extends the streak, invalid resets it. A job that was not checked is
     * recorded as valid, since nothing speaks against it: the streak counts jobs since the last
     * failure, so the rate decays with the provider's clean history rather than with its audits.
     */
    public void record(Address provider, boolean valid) {
        streaks.put(provider, valid ? streak(provider) + 1 : 0);
    }
}
