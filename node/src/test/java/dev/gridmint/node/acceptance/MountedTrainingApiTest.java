package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.node.acceptance.dsl.AgentSocket;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.Tenant;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.training.JobLeases;
import dev.gridmint.node.training.JobSessions;
import dev.gridmint.node.training.TrainingApi;
import dev.gridmint.node.training.TrainingEvent;
import dev.gridmint.node.training.TrainingServer;
import dev.gridmint.node.training.TrainingService;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.Diloco;
import dev.gridmint.workloads.diloco.DilocoConfig;
import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.models.TrainingModels;
import dev.gridmint.workloads.worker.Cheat;
import dev.gridmint.workloads.worker.DilocoWorker;
import dev.gridmint.workloads.worker.HttpRoundTransport;
import dev.gridmint.workloads.worker.RoundTransport;
import dev.gridmint.workloads.worker.WorkerKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round service as the coordinator mounts it for {@code diloco} jobs, over real HTTP with real Ed25519
 * signatures: a job's session opens from the job's spec, only a key leasing the job may join, check in or upload
 * ({@code 403 NOT_LEASE_HOLDER} otherwise), and K = 2 workers that do hold leases train it to the very θ of the
 * same run in one process.
 */
class MountedTrainingApiTest {

    private static final int ROUNDS = 2;
    private static final int H = 3;
    private static final List<String> ARGS = List.of("--diloco", "2", "--inner-steps", Integer.toString(H), "--rounds",
            Integer.toString(ROUNDS), "--seed", "5", "--quorum", "2", "--round-seconds", "60");
    private static final HardwareOffer OFFER = new HardwareOffer(DeviceClass.CPU, "Test CPU", 1, 0, 4, 8_192,
            "test-region", 1 * CC);

    @TempDir
    Path dir;

    private HttpRoundTransport worker(String url, JobHandle job, String name) throws Exception {
        Path file = dir.resolve(name + ".key");
        if (!Files.exists(file)) {
            KeypairFile.write(file, TestNetwork.key(name));
        }
        return new HttpRoundTransport(URI.create(url), job.id().hex(), -1, WorkerKey.read(file));
    }

    @Test
    void onTheCoordinatorOnlyTheKeyLeasingTheJobMayJoinItsSession() throws Exception {
        try (var network = TestNetwork.builder().providerTimeout(Duration.ofSeconds(5)).start(dir.resolve("net"))) {
            network.registerProvider("p-held", OFFER);
            network.registerProvider("p-other", OFFER);
            try (AgentSocket holder = network.agentSocket()) {
                holder.login(TestNetwork.key("p-held"));
                JobHandle job = network.tenant("alice").submits(new JobSpec("diloco", ARGS, 1,
                        Tenant.DEFAULT_MAX_SECONDS, Tenant.DEFAULT_MAX_PRICE));
                assertThat(holder.next(AgentMessage.Assign.class).jobId()).isEqualTo(job.id().hex());

                // the session exists as soon as the job does, with the job's settings
                HttpRoundTransport held = worker(network.url(), job, "p-held");
                assertThat(held.info().shards()).isEqualTo(2);
                assertThat(held.rounds()).isEqualTo(ROUNDS);
                // a registered provider that does not lease the job, and a key nobody knows, are refused
                for (String stranger : List.of("p-other", "nobody")) {
                    assertThatThrownBy(worker(network.url(), job, stranger)::join)
                            .isInstanceOfSatisfying(RoundTransport.Refused.class, refused -> {
                                assertThat(refused.status()).isEqualTo(403);
                                assertThat(refused.code()).isEqualTo("NOT_LEASE_HOLDER");
                            });
                }
                assertThat(held.join()).isZero();
                assertThat(held.join()).as("joining again keeps the number").isZero();
            }
            // an unknown job, or a job that is not a diloco job, has no session
            assertThatThrownBy(new HttpRoundTransport(URI.create(network.url()), "ab".repeat(32), -1,
                    WorkerKey.read(dir.resolve("p-held.key")))::info)
                    .isInstanceOfSatisfying(RoundTransport.Refused.class,
                            refused -> assertThat(refused.code()).isEqualTo("UNKNOWN_SESSION"));
        }
    }

    /**
     * Two workers of one job, each holding a lease on it, as a gang job's members will: the lease question is the
     * one {@link JobLeases} interface, answered here by the gang's member set over the coordinator's real ledger.
     */
    @Test
    void twoLeaseHoldingWorkersTrainTheJobAndALapsedLeaseIsRefused() throws Exception {
        try (var network = TestNetwork.start(dir.resolve("net"))) {
            JobHandle job = network.tenant("alice").submits(new JobSpec("diloco", ARGS, 1, Tenant.DEFAULT_MAX_SECONDS,
                    Tenant.DEFAULT_MAX_PRICE));
            Set<Address> members = ConcurrentHashMap.newKeySet();
            members.addAll(List.of(TestNetwork.address("w-a"), TestNetwork.address("w-b")));
            JobLeases gang = (provider, jobId) -> jobId.equals(job.id()) && members.contains(provider);
            List<TrainingEvent> events = new CopyOnWriteArrayList<>();
            try (TrainingService service = new TrainingService(InstantSource.system(), Duration.ofMillis(20));
                    TrainingServer server = TrainingServer.start(new TrainingApi(service, new JobSessions(service,
                            network.coordinator().sequencer()::state, gang, events::add, dir.resolve("training"))),
                            "127.0.0.1", 0);
                    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                TrainingModel model = TrainingModels.named(TrainingModels.NAMES_MLP).orElseThrow();
                List<Future<String>> results = List.of("w-a", "w-b").stream().map(name -> threads.submit(() -> {
                    HttpRoundTransport transport = worker(server.url(), job, name);
                    transport.join();
                    return new DilocoWorker(transport, model, transport.info(), Cheat.NONE).run(0, r -> { });
                })).toList();
                String first = results.get(0).get();
                assertThat(results.get(1).get()).isEqualTo(first);

                Diloco.Result pure = Diloco.train(model.factory(), new DilocoConfig(5, 2, ROUNDS, H, Encoding.INT8,
                        model.inner(), 2, new DeltaCheck(1_000.0, 4.0, 1_000_000), List.of(), 1));
                assertThat(first).isEqualTo(pure.run().finalThetaHash());
                assertThat(events).filteredOn(TrainingEvent.RoundClosed.class::isInstance)
                        .extracting(e -> ((TrainingEvent.RoundClosed) e).accepted()).containsExactly(List.of(0, 1),
                                List.of(0, 1));
                // the manifest of every applied round is kept on disk
                assertThat(dir.resolve("training").resolve(job.id().hex()).resolve("manifest-" + (ROUNDS - 1)))
                        .exists();

                // a third key is refused; so is a member whose lease lapsed, though it joined before
                assertThatThrownBy(worker(server.url(), job, "w-c")::join)
                        .isInstanceOfSatisfying(RoundTransport.Refused.class,
                                refused -> assertThat(refused.code()).isEqualTo("NOT_LEASE_HOLDER"));
                members.remove(TestNetwork.address("w-b"));
                HttpRoundTransport lapsed = worker(server.url(), job, "w-b");
                assertThatThrownBy(lapsed::join).isInstanceOfSatisfying(RoundTransport.Refused.class,
                        refused -> assertThat(refused.code()).isEqualTo("NOT_LEASE_HOLDER"));
            }
        }
    }
}
