package dev.gridmint.node.training;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.node.workload.DilocoJob;
import dev.gridmint.node.workload.WorkloadCatalog;
import dev.gridmint.workloads.diloco.AggregatorState;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.Parsed;
import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.models.TrainingModels;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.worker.SessionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The round service mounted in the coordinator for {@code diloco} jobs: a job's session is its id (the job
 * hash in hex), opened from the job's spec the first time one of its workers asks for it. Workers are the
 * providers leasing the job: they join by their provider key, and only a key that holds a live lease on the
 * job ({@link JobLeases}) may join, check in or upload. Each applied round's manifest is also written to
 * {@code dir/<job>/manifest-<round>}, and the run's state at each round boundary (θ, the outer momentum, the
 * shards' history) to {@code dir/<job>/state}, so a restarted coordinator resumes the job's run at the boundary
 * where it stopped, not at round 0.
 */
public final class JobSessions implements TrainingApi.Sessions {

    /** The Δ checks of a job's session: the bench's bounds, generous for the small models the network trains. */
    static final DeltaCheck CHECK = new DeltaCheck(1_000.0, 4.0, 1_000_000);
    private static final Logger LOG = LoggerFactory.getLogger(JobSessions.class);
    /** The run's state at its last round boundary, beside the manifests. */
    static final String STATE = "state";
    /** θ and momentum of the largest model the network trains take far less. */
    private static final long MAX_STATE_BYTES = 1L << 30;
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{64}");

    private final TrainingService service;
    private final Supplier<LedgerState> ledger;
    private final JobLeases leases;
    private final Consumer<TrainingEvent> events;
    private final Path dir;

    public JobSessions(TrainingService service, Supplier<LedgerState> ledger, JobLeases leases,
            Consumer<TrainingEvent> events, Path dir) {
        this.service = service;
        this.ledger = ledger;
        this.leases = leases;
        this.events = events;
        this.dir = dir;
    }

    @Override
    public Optional<TrainingSession> session(String id) {
        Optional<TrainingSession> open = service.session(id);
        if (open.isPresent() || !JOB_ID.matcher(id).matches()) {
            return open;
        }
        Optional<Job> job = ledger.get().job(Hash.parse(id))
                .filter(j -> j.spec().workload().equals(WorkloadCatalog.DILOCO) && j.status().holdsEscrow());
        if (job.isEmpty()) {
            return Optional.empty();
        }
        synchronized (this) {
            open = service.session(id);
            return open.isPresent() ? open : Optional.of(open(id, DilocoJob.parse(job.get().spec().args())));
        }
    }

    @Override
    public Optional<Refusal> admit(TrainingSession session, Address key) {
        if (JOB_ID.matcher(session.id()).matches() && leases.holdsLiveLease(key, Hash.parse(session.id()))) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(403, "NOT_LEASE_HOLDER", key + " holds no live lease on job " + session.id()));
    }

    /** The job ended: its session closes and nothing more is served for it. */
    public void forget(Hash job) {
        service.remove(job.hex());
    }

    private TrainingSession open(String id, DilocoJob run) {
        TrainingModel model = TrainingModels.named(run.model()).orElseThrow();
        SessionInfo info = new SessionInfo(SessionInfo.Mode.DILOCO, run.model(), run.seed(), run.workers(),
                run.innerSteps(), run.encoding());
        long roundMillis = Math.multiplyExact(run.roundSeconds(), 1_000L);
        double[] theta0 = ParameterVector.values(model.factory().create(run.seed(), 0, run.workers()).parameters());
        var settings = new DilocoSession.Settings(id, info, run.rounds(), run.quorum(), CHECK, roundMillis, roundMillis,
                Map.of());
        Holder holder = new Holder();
        Consumer<TrainingEvent> listener = event -> {
            if (event instanceof TrainingEvent.RoundClosed closed) {
                if (closed.applied()) {
                    holder.session.manifest(closed.round()).ifPresent(bytes -> keep(id, "manifest-" + closed.round(),
                            bytes));
                }
                keep(id, STATE, holder.session.state().toBytes());
            }
            events.accept(event);
        };
        Optional<AggregatorState> saved = saved(id, theta0.length, run.workers());
        DilocoSession session = saved.isPresent()
                ? new DilocoSession(settings, saved.get(), listener, service.now())
                : new DilocoSession(settings, theta0, listener, service.now());
        saved.ifPresent(state -> LOG.info("job {}: training resumes at round {} from its saved state", id,
                state.nextRound()));
        holder.session = session;
        service.open(session);
        return session;
    }

    /** The state the job's session saved at its last round boundary, if there is a usable one. */
    private Optional<AggregatorState> saved(String job, int parameters, int shards) {
        Path file = dir.resolve(job).resolve(STATE);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_STATE_BYTES) {
                return Optional.empty();
            }
            return switch (AggregatorState.parse(Files.readAllBytes(file), parameters, shards)) {
                case Parsed.Ok<AggregatorState> ok -> Optional.of(ok.value());
                case Parsed.Invalid<AggregatorState> bad -> {
                    LOG.warn("job {}: the saved training state is unusable ({}: {}); starting at round 0", job,
                            bad.code(), bad.message());
                    yield Optional.empty();
                }
            };
        } catch (IOException e) {
            LOG.warn("job {}: could not read the saved training state: {}", job, e.getMessage());
            return Optional.empty();
        }
    }

    /** The listener runs as the session closes a round, before the constructor has returned it to us. */
    private static final class Holder {
        DilocoSession session;
    }

    /** Writes a file of the job's run atomically: a temporary sibling, then a rename. */
    private void keep(String job, String name, byte[] bytes) {
        try {
            Path jobDir = Files.createDirectories(dir.resolve(job));
            Path temporary = jobDir.resolve(name + ".tmp");
            Files.write(temporary, bytes);
            Files.move(temporary, jobDir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the round stands either way; only a coordinator restart would lose it
            LOG.warn("could not keep {} of job {}: {}", name, job, e.getMessage());
        }
    }
}
