package dev.gridmint.verify.adversary;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's figures. Rates are shares of the population that was caught (or flagged);
 * overhead is verification compute over useful compute on honest providers (re-executions,
 * referee runs and challenges: a cheater's own checks are paid for by its slashes); cheat EVs are
 * per job in units of the compute a faked job saves.
 */
public record SimReport(SimParams params, double detectRateF1, double detectRateF10, double detectRateF50, double jobsToDetectF10P50,
                        double spooferDetectRate, double sybilDetectRate, int sybilFalseFlags, long honestJobs, int honestSlashed,
                        double overhead, double cheatEv, double cheatEvAtFloor, long defaultStakeInJobs, double colludingVotesOutvoted,
                        int challengeNForH100) {

    public static final double GOAL_DETECT_F10 = 0.99;
    public static final double GOAL_SYBIL = 0.9;
    public static final double GOAL_OVERHEAD = 0.05;

    public boolean meetsGoals() {
        return detectRateF10 >= GOAL_DETECT_F10 && spooferDetectRate == 1.0 && sybilDetectRate >= GOAL_SYBIL && sybilFalseFlags == 0
                && honestSlashed == 0 && overhead <= GOAL_OVERHEAD && cheatEv < 0 && cheatEvAtFloor < 0;
    }

    /** The figures in print order, rounded for people; the same run always gives the same map. */
    public Map<String, Object> toMap() {
        var map = new LinkedHashMap<String, Object>();
        map.put("detect_rate_f10", round(detectRateF10));
        map.put("jobs_to_detect_f10_p50", round(jobsToDetectF10P50));
        map.put("detect_rate_f1", round(detectRateF1));
        map.put("detect_rate_f50", round(detectRateF50));
        map.put("spoofer_detect_rate", round(spooferDetectRate));
        map.put("sybil_detect_rate", round(sybilDetectRate));
        map.put("sybil_false_flags", sybilFalseFlags);
        map.put("honest_jobs", honestJobs);
        map.put("honest_slashed", honestSlashed);
        map.put("overhead", round(overhead));
        map.put("cheat_ev", round(cheatEv));
        map.put("cheat_ev_at_floor", round(cheatEvAtFloor));
        map.put("colluding_votes_outvoted", round(colludingVotesOutvoted));
        var parameters = new LinkedHashMap<String, Object>();
        parameters.put("seed", params.seed());
        parameters.put("honest_providers", params.honestProviders());
        parameters.put("cheaters_per_rate", params.cheatersPerRate());
        parameters.put("jobs_per_cheater", params.jobsPerCheater());
        parameters.put("spoofers", 3 * params.spoofersPerDevice());
        parameters.put("farm_size", params.farmSize());
        parameters.put("colluding_stake", params.colludingStakeBps() / 10_000.0);
        parameters.put("referees", 2 * params.refereeN() + 1);
        parameters.put("trust_after", params.replication().trustAfter());
        parameters.put("decay", params.replication().decay());
        parameters.put("floor", params.replication().floor());
        parameters.put("default_stake_jobs", defaultStakeInJobs);
        parameters.put("challenge_n_h100", challengeNForH100);
        map.put("params", parameters);
        map.put("meets_goals", meetsGoals());
        return map;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
