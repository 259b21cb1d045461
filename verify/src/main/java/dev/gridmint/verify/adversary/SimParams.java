package dev.gridmint.verify.adversary;

import dev.gridmint.verify.spotcheck.AdaptiveReplication;

/**
 * The population and the rules of one benchmark run.
 *
 * @param honestJobs jobs done by honest providers in all, split evenly between them
 * @param cheatersPerRate lazy providers for each fake rate (1%, 10%, 50%)
 * @param jobsPerCheater each lazy provider's own jobs: the detection window
 * @param spoofersPerDevice spoofers claiming an H100 for each real device (RTX3090, RTX4090, CPU)
 * @param colludingStakeBps the checkers' stake that votes to protect cheaters and smear honest providers
 * @param refereeN referee rounds take 2N+1 referees
 */
public record SimParams(long seed, int honestJobs, int honestProviders, int cheatersPerRate, int jobsPerCheater, int spoofersPerDevice,
                        int farmSize, int datacenterNeighbours, int colludingStakeBps, int refereeN, AdaptiveReplication.Params replication) {

    public static final SimParams DEFAULT = new SimParams(1, 40_000, 8, 100, 200, 10, 20, 10, 3_000, 1, AdaptiveReplication.Params.DEFAULT);

    public SimParams {
        if (honestJobs < honestProviders || honestProviders < 4 || cheatersPerRate < 1 || jobsPerCheater < 1 || spoofersPerDevice < 1
                || farmSize < 2 || datacenterNeighbours < 2 || colludingStakeBps < 0 || colludingStakeBps >= 5_000 || refereeN < 1) {
            throw new IllegalArgumentException("invalid simulation parameters");
        }
    }

    public SimParams withSeed(long newSeed) {
        return new SimParams(newSeed, honestJobs, honestProviders, cheatersPerRate, jobsPerCheater, spoofersPerDevice, farmSize,
                datacenterNeighbours, colludingStakeBps, refereeN, replication);
    }

    public SimParams withHonestJobs(int jobs) {
        return new SimParams(seed, jobs, honestProviders, cheatersPerRate, jobsPerCheater, spoofersPerDevice, farmSize,
                datacenterNeighbours, colludingStakeBps, refereeN, replication);
    }
}
