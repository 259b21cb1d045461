package dev.gridmint.node.api;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.economics.RewardIndex;
import dev.gridmint.core.economics.Slashing.SlashTerms;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.StakingParams;
import dev.gridmint.core.params.TokenParams;
import dev.gridmint.core.params.VerificationParams;
import dev.gridmint.core.economics.VaultBreaker;
import dev.gridmint.core.state.Account;
import dev.gridmint.core.state.Checker;
import dev.gridmint.core.state.GangMember;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.NetworkConfig;
import dev.gridmint.core.state.PartnerPool;
import dev.gridmint.core.state.Prices;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.state.Supply;
import dev.gridmint.core.state.SupplyAudit;
import dev.gridmint.core.state.Unbonding;
import dev.gridmint.core.state.VestingGrant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON shapes of the REST API. Amounts are integers in micro-GRID, or micro-CC for credits,
 * escrows and prices per device-hour; never floating point.
 */
public final class Views {

    private Views() {}

    /**
     * A wallet: its GRID, its credits (micro-CC), its stake and the rewards it can claim.
     *
     * @param vesting micro-GRID of its genesis grant still locked
     */
    public record AccountView(String address, long balance, long credits, long nonce, boolean provider,
            long providerStake, long requiredStake, boolean providerActive, long unclaimedRewards, long delegated,
            long unbonding, long vesting, boolean checker, Map<String, Long> partnerTokens) {
        public static AccountView of(LedgerState state, Address address) {
            Account account = state.account(address);
            Optional<Provider> provider = state.provider(address);
            var staking = state.network().map(n -> n.params().staking());
            long required = provider.flatMap(p -> staking.map(p::requiredStake)).orElse(0L);
            boolean active = provider.flatMap(p -> staking.map(p::isActive)).orElse(false);
            long delegated = 0;
            long unclaimed = provider.map(Provider::unclaimed).orElse(0L)
                    + state.checker(address).map(Checker::commission).orElse(0L);
            for (var entry : state.delegations().asMap().entrySet()) {
                if (entry.getKey().delegator().equals(address)) {
                    delegated += entry.getValue().amount();
                    var index = state.checker(entry.getKey().checker()).orElseThrow().rewardPerShare();
                    unclaimed += entry.getValue().accrued()
                            + RewardIndex.earned(entry.getValue().amount(), index, entry.getValue().rewardIndexAtEntry());
                }
            }
            long unbonding = state.unbondings().values().stream()
                    .filter(u -> u.owner().equals(address)).mapToLong(Unbonding::amount).sum();
            long vesting = state.vesting().get(address).map(VestingGrant::locked).orElse(0L);
            Map<String, Long> partnerTokens = new TreeMap<>();
            state.partnerBalances().forEach((holding, units) -> {
                if (holding.owner().equals(address)) {
                    partnerTokens.put(holding.token(), units);
                }
            });
            return new AccountView(address.toString(), account.balance(), account.credits(), account.nonce(),
                    provider.isPresent(), provider.map(Provider::bonded).orElse(0L), required, active, unclaimed,
                    delegated, unbonding, vesting, state.checker(address).isPresent(), partnerTokens);
        }
    }

    public record ProviderView(String address, String deviceClass, String deviceModel, int deviceCount,
            long deviceMemoryMb, int cpuCores, long memoryMb, String region, long pricePerDeviceHour,
            long registeredAtHeight, long bonded, long requiredStake, boolean active, long lastEpochReward,
            boolean online, String runningJob, int reputation, long downMbps, long upMbps, long diskFreeGb, long diskTotalGb) {
        /**
         * {@code measured} is what the agent last measured and signed in its hardware report (its link to the
         * coordinator and its data directory's disk); zeros for a provider that has reported none.
         */
        public static ProviderView of(LedgerState state, Provider provider, boolean online, String runningJob,
                dev.gridmint.node.protocol.AgentMessage.Measured measured) {
            var offer = provider.offer();
            var staking = state.network().orElseThrow().params().staking();
            return new ProviderView(provider.address().toString(), offer.deviceClass().name().toLowerCase(Locale.ROOT),
                    offer.deviceModel(), offer.deviceCount(), offer.deviceMemoryMb(), offer.cpuCores(), offer.memoryMb(),
                    offer.region(), offer.pricePerDeviceHour(), provider.registeredAtHeight(), provider.bonded(),
                    provider.requiredStake(staking), provider.isActive(staking), provider.lastEpochReward(), online,
                    runningJob, provider.reputation(), measured.downMbps(), measured.upMbps(), measured.diskFreeGb(), measured.diskTotalGb());
        }
    }

    public record LeaseView(String provider, int attempt, long pricePerDeviceHour, long assignedAtHeight, long startedAt,
            long settledAt, long billed) {
        static LeaseView of(dev.gridmint.core.state.Lease l) {
            return new LeaseView(l.provider().toString(), l.attempt(), l.pricePerDeviceHour(), l.assignedAtHeight(),
                    l.startedAt(), l.settledAt(), l.billed());
        }
    }

    /**
     * One member (seat) of a multi-node job.
     *
     * @param state VACANT (waiting for a provider), RUNNING or DONE
     * @param lease its current lease, or its last once done; null while vacant
     */
    public record MemberView(int index, String state, int leases, LeaseView lease, long usageMillis, String resultHash) {
        static MemberView of(GangMember seat) {
            String state = seat.isDone() ? "DONE" : seat.isRunning() ? "RUNNING" : "VACANT";
            return new MemberView(seat.index(), state, seat.leases(), seat.lease().map(LeaseView::of).orElse(null),
                    seat.usageMillis(), seat.resultHash().map(Hash::hex).orElse(null));
        }
    }

    /**
     * A job. {@code nodes} is 1 for a plain job, whose lease is {@code lease}; a multi-node job (a gang) has no lease
     * of its own but one entry per node in {@code members}.
     */
    public record JobView(String id, String tenant, String status, String workload, List<String> args, int devices,
            long maxSeconds, long maxPricePerDeviceHour, long escrow, long deposited, long charged, int attempts,
            LeaseView lease, long usageMillis,
            String resultHash, Settlement settlement, long submittedAtHeight, JobTelemetry.Snapshot telemetry,
            int nodes, List<MemberView> members) {
        public static JobView of(Job job, JobTelemetry.Snapshot telemetry) {
            var spec = job.spec();
            LeaseView lease = job.lease().map(LeaseView::of).orElse(null);
            return new JobView(job.id().hex(), job.tenant().toString(), job.status().name(), spec.workload(), spec.args(),
                    spec.devices(), spec.maxSeconds(), spec.maxPricePerDeviceHour(), job.escrow(), job.deposited(), job.charged(),
                    job.attempts(), lease,
                    job.usageMillis(), job.resultHash().map(Hash::hex).orElse(null), job.settlement().orElse(null),
                    job.submittedAtHeight(), telemetry, spec.nodes(), job.members().stream().map(MemberView::of).toList());
        }
    }

    /** The ledger at a glance: its root, time and epoch, and the GRID and credit supply; cheap to read. */
    public record LedgerView(String networkId, long height, String stateRoot, long now, long epoch, long epochEndsAt,
            String treasury, String coordinator, SupplyView supply) {
        public static LedgerView of(LedgerState state) {
            var network = state.network();
            long epochEnd = network.map(n -> state.clock().epochEnd(n.params().emission().epochSeconds())).orElse(0L);
            return new LedgerView(
                    network.map(NetworkConfig::networkId).orElse(null),
                    state.height(),
                    state.root().hex(),
                    state.now(),
                    state.clock().epoch(),
                    epochEnd,
                    network.map(n -> n.treasury().toString()).orElse(null),
                    network.map(n -> n.coordinator().toString()).orElse(null),
                    SupplyView.of(state));
        }
    }

    /**
     * The ledger's invariants checked against every table at one height ({@link SupplyAudit}):
     * O(size of the state), so it is its own endpoint.
     *
     * @param sound whether every invariant holds
     */
    public record AuditView(long height, String stateRoot, boolean sound, List<String> problems) {
        public static AuditView of(LedgerState state) {
            List<String> problems = SupplyAudit.problems(state);
            return new AuditView(state.height(), state.root().hex(), problems.isEmpty(), problems);
        }
    }

    /**
     * The supply breakdown in micro-GRID (and micro-CC for credits): {@code outstanding = minted −
     * burned = circulating + staked + vault + rewardPool + vestingLocked}.
     *
     * @param price the oracle price in micro-USD per GRID, 0 when there is no fresh one
     * @param collateralRatioBps the vault's collateral ratio, -1 when no credits are outstanding
     * @param breaker OK, WARN or HALT
     */
    public record SupplyView(long maxSupply, long minted, long burned, long outstanding, long circulating, long staked,
            long vault, long rewardPool, long vestingLocked, long creditsOutstanding, long creditsEscrowed, long price,
            long collateralRatioBps, String breaker) {
        public static SupplyView of(LedgerState state) {
            Supply s = state.supply();
            var params = state.network().map(NetworkConfig::params);
            long price = params.map(p -> Prices.current(state, p).orElse(0)).orElse(0L);
            long ratio = s.creditsOutstanding() == 0 || price == 0
                    ? -1 : Bme.collateralRatioBps(s.vault(), price, s.creditsOutstanding());
            String breaker = ratio < 0 ? VaultBreaker.OK.name()
                    : Bme.breaker(ratio, params.orElseThrow().credits().warnRatioBps(),
                            params.orElseThrow().credits().haltRatioBps()).name();
            return new SupplyView(params.map(p -> p.token().maxSupply()).orElse(0L), s.minted(), s.burned(),
                    s.outstanding(), s.circulating(), s.staked(), s.vault(), s.rewardPool(), s.vestingLocked(),
                    s.creditsOutstanding(), s.escrowed(), price, ratio, breaker);
        }
    }

    /** A partner-token reward pool: what it streams, to when, and what it has paid. */
    public record PartnerPoolView(String id, String token, String sponsor, long amount, long startAt, long endAt,
            long accruedTo, long distributed, long claimed, long returned) {
        public static PartnerPoolView of(PartnerPool pool) {
            return new PartnerPoolView(pool.id().hex(), pool.token(), pool.sponsor().toString(), pool.amount(),
                    pool.startAt(), pool.endAt(), pool.accruedTo(), pool.distributed(), pool.claimed(), pool.returned());
        }
    }

    /** Every governance parameter in force, addresses in base58. */
    public record ParamsView(int maxJobAttempts, TokenParams token, CreditParams credits, OracleView oracle,
            EmissionParams emission, StakingParams staking, SlashTerms slashing, CouncilView governance,
            VerificationParams verification) {
        public static ParamsView of(LedgerState state) {
            NetworkParams p = state.network().orElseThrow(() -> new ApiException(404, "NO_GENESIS", "no genesis yet")).params();
            var oracle = p.oracle();
            var council = p.governance();
            return new ParamsView(p.maxJobAttempts(), p.token(), p.credits(),
                    new OracleView(names(oracle.reporters()), oracle.minReports(), oracle.maxAgeSeconds(),
                            oracle.maxDeviationBps()),
                    p.emission(), p.staking(), p.slashing(),
                    new CouncilView(names(council.council()), council.threshold(), council.proposalTtlSeconds()),
                    p.verification());
        }

        private static List<String> names(List<Address> addresses) {
            return addresses.stream().map(Address::toString).toList();
        }
    }

    public record OracleView(List<String> reporters, int minReports, long maxAgeSeconds, int maxDeviationBps) {}

    public record CouncilView(List<String> council, int threshold, long proposalTtlSeconds) {}

    /** One log entry as the explorer shows it. */
    public record LogEntryView(long height, String txHash, String type, String signer, long nonce, String stateRoot) {}

    /** The answer to an accepted transaction. */
    public record TxAccepted(String txHash, long height, String stateRoot) {}

    /** The body of {@code POST /v1/tx}: the canonical transaction bytes in base64. */
    public record TxSubmission(String tx) {}

    /** The body of {@code POST /v1/tx/batch}: base64 transactions, decided in order. */
    public record TxBatch(List<String> txs) {}

    /**
     * One transaction's answer in a batch: accepted ({@code txHash}, {@code height}, {@code stateRoot})
     * or refused ({@code status}, the HTTP status it would have had alone, and the {@code code} and
     * {@code message} of its error); the fields of the other case are null.
     */
    public record TxResult(String txHash, Long height, String stateRoot, Integer status, String code, String message) {

        public static TxResult accepted(String txHash, long height, String stateRoot) {
            return new TxResult(txHash, height, stateRoot, null, null, null);
        }

        public static TxResult refused(int status, ApiError error) {
            return new TxResult(null, null, null, status, error.code(), error.message());
        }
    }
}
