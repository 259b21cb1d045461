package dev.gridmint.node.api;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Account;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.Settlement;
import java.util.List;

/** The JSON shapes of the REST API. Amounts are integers in micro-GRID, never floating point. */
public final class Views {

    private Views() {}

    public record AccountView(String address, long balance, long nonce, boolean provider) {
        public static AccountView of(LedgerState state, Address address) {
            Account account = state.account(address);
            return new AccountView(address.toString(), account.balance(), account.nonce(), state.provider(address).isPresent());
        }
    }

    public record ProviderView(String address, String deviceClass, String deviceModel, int deviceCount,
            long deviceMemoryMb, int cpuCores, long memoryMb, String region, long pricePerDeviceHour,
            long registeredAtHeight, boolean online, String runningJob) {
        public static ProviderView of(Provider provider, boolean online, String runningJob) {
            var offer = provider.offer();
            return new ProviderView(provider.address().toString(), offer.deviceClass().name().toLowerCase(java.util.Locale.ROOT),
                    offer.deviceModel(), offer.deviceCount(), offer.deviceMemoryMb(), offer.cpuCores(), offer.memoryMb(),
                    offer.region(), offer.pricePerDeviceHour(), provider.registeredAtHeight(), online, runningJob);
        }
    }

    public record LeaseView(String provider, int attempt, long pricePerDeviceHour, long assignedAtHeight) {}

    public record JobView(String id, String tenant, String status, String workload, List<String> args, int devices,
            long maxSeconds, long maxPricePerDeviceHour, long escrow, int attempts, LeaseView lease, long usageMillis,
            String resultHash, Settlement settlement, long submittedAtHeight, JobTelemetry.Snapshot telemetry) {
        public static JobView of(Job job, JobTelemetry.Snapshot telemetry) {
            var spec = job.spec();
            LeaseView lease = job.lease()
                    .map(l -> new LeaseView(l.provider().toString(), l.attempt(), l.pricePerDeviceHour(), l.assignedAtHeight()))
                    .orElse(null);
            return new JobView(job.id().hex(), job.tenant().toString(), job.status().name(), spec.workload(), spec.args(),
                    spec.devices(), spec.maxSeconds(), spec.maxPricePerDeviceHour(), job.escrow(), job.attempts(), lease,
                    job.usageMillis(), job.resultHash().map(Hash::hex).orElse(null), job.settlement().orElse(null),
                    job.submittedAtHeight(), telemetry);
        }
    }

    public record LedgerView(String networkId, long height, String stateRoot, long minted, long burned, long supplyHeld,
            boolean supplyConserved, String treasury, String coordinator, int protocolFeeBps) {
        public static LedgerView of(LedgerState state) {
            var network = state.network();
            return new LedgerView(
                    network.map(n -> n.networkId()).orElse(null),
                    state.height(),
                    state.root().hex(),
                    state.minted(),
                    state.burned(),
                    state.supplyHeld(),
                    state.supplyConserved(),
                    network.map(n -> n.treasury().toString()).orElse(null),
                    network.map(n -> n.coordinator().toString()).orElse(null),
                    network.map(n -> n.params().protocolFeeBps()).orElse(0));
        }
    }

    /** One log entry as the explorer shows it. */
    public record LogEntryView(long height, String txHash, String type, String signer, long nonce, String stateRoot) {}

    /** The answer to an accepted transaction. */
    public record TxAccepted(String txHash, long height, String stateRoot) {}

    /** The body of {@code POST /v1/tx}: the canonical transaction bytes in base64. */
    public record TxSubmission(String tx) {}
}
