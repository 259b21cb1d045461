package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import dev.gridmint.node.acceptance.dsl.AgentProcess;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.agent.ProviderAgent;
import dev.gridmint.node.api.Views.JobView;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built-in workload runs as a plain process in the agent's process runtime, so it outlives an agent
 * killed with SIGKILL: the restarted agent (same key, same data directory) finds the process by its
 * record and start time, adopts it (the same process runs on), removes an orphan process of a lease it
 * does not hold, and the job settles billed once, for the process's whole run.
 */
class BuiltInJobAdoptionIT {

    @TempDir
    Path dir;

    @Test
    void anAgentKilledMidJobAdoptsItsWorkloadProcessOnRestartAndBillsItOnce() throws Exception {
        Path data = dir.resolve("p1");
        Path agentLog = dir.resolve("agent.log");
        long price = 1 * CC;
        List<AgentProcess> agents = new ArrayList<>();
        Process orphan = null;
        try (var network = TestNetwork.start(dir)) {
            network.fundProvider("p1");
            var provider = TestNetwork.address("p1");
            agents.add(AgentProcess.start(network, "p1", data, price, Duration.ofSeconds(1), agentLog));
            Eventually.await("the agent process to be online and staked", Duration.ofSeconds(60), () -> ready(network, provider));
            JobHandle job = network.tenant("alice").submits(new JobSpec("train-names",
                    List.of("--seed", "5", "--steps", "6000", "--eval-every", "500"), 1, 300, 10 * CC));
            job.awaitStatus("LEASED");
            Eventually.await("a usage receipt from the first agent", Duration.ofSeconds(60), () -> job.view().usageMillis() > 0);
            Path record = data.resolve("processes").resolve(job.id().hex() + ".a1").resolve("job.properties");
            long workloadPid = Long.parseLong(load(record).getProperty("pid"));
            orphan = new ProcessBuilder("sleep", "300").start();
            Path orphanDir = Files.createDirectories(data.resolve("processes").resolve("0f".repeat(32) + ".a1"));
            writeRecord(orphanDir, ProviderAgent.containerOwner(provider.toString(), data), "0f".repeat(32), orphan.pid());

            agents.getFirst().kill9();
            assertThat(ProcessHandle.of(workloadPid)).as("the workload outlives its agent").isPresent();
            agents.add(AgentProcess.start(network, "p1", data, price, Duration.ofSeconds(1), agentLog));

            Process sleeper = orphan;
            Eventually.await("the orphan process to be killed", Duration.ofSeconds(60), () -> !sleeper.isAlive());
            Eventually.await("the orphan's directory to be removed", Duration.ofSeconds(10), () -> !Files.exists(orphanDir));
            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(180));

            String log = Files.readString(agentLog);
            assertThat(log).as("the process was adopted").contains("adopted job " + job.id().hex());
            assertThat(log.split("running job " + job.id().hex().substring(0, 12), -1)).as("and not started again").hasSize(2);
            List<Long> receipts = network.transactions(UsageReceipt.class).stream()
                    .filter(r -> r.jobId().equals(job.id())).map(UsageReceipt::usageMillis).toList();
            assertThat(receipts).isSorted().last().isEqualTo(settled.usageMillis());
            assertThat(job.billings().stream().mapToLong(JobHandle.Billing::charged).sum()).as("billed once")
                    .isEqualTo(settled.charged());
            long leaseSeconds = job.billings().getLast().ledgerTime() - job.leaseStartedAt(1);
            assertThat(settled.usageMillis() / 1000).as("the process's whole run, across both agents")
                    .isBetween(leaseSeconds - 5, leaseSeconds + 1);
        } catch (Throwable failure) {
            System.err.println("agent process log:\n" + Files.readString(agentLog));
            throw failure;
        } finally {
            for (AgentProcess agent : agents) {
                agent.close();
            }
            if (orphan != null) {
                orphan.destroyForcibly();
            }
        }
    }

    private static Properties load(Path file) throws IOException {
        var props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        return props;
    }

    /** The record a process runtime keeps, for a process of a lease this agent never held. */
    private static void writeRecord(Path dir, String owner, String jobId, long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String startTicks = stat.substring(stat.lastIndexOf(')') + 1).strip().split("\\s+")[19];
        var props = new Properties();
        props.setProperty("owner", owner);
        props.setProperty("job", jobId);
        props.setProperty("lease", jobId + ".a1");
        props.setProperty("pid", Long.toString(pid));
        props.setProperty("start_ticks", startTicks);
        props.setProperty("started_at_millis", Long.toString(System.currentTimeMillis()));
        props.setProperty("memory_bytes", Long.toString(64L << 20));
        props.setProperty("cgroup", "");
        try (Writer out = Files.newBufferedWriter(dir.resolve("job.properties"))) {
            props.store(out, null);
        }
    }

    private static boolean ready(TestNetwork network, dev.gridmint.core.crypto.Address provider) {
        try {
            var view = network.providerView(provider);
            return view.active() && view.online();
        } catch (AssertionError notRegisteredYet) {
            return false;
        }
    }
}
