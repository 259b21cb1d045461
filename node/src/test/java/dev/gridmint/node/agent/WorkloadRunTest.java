package dev.gridmint.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Hash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadRunTest {

    @TempDir
    Path dir;

    // ---- the allowlist ----

    @Test
    void buildsAJavaCommandForAnAllowedWorkloadWithTheOutputDirectoryLast() throws Exception {
        Path out = dir.resolve("out");

        List<String> command = WorkloadRun.command("train-names", List.of("--seed", "7", "--steps", "200", "--lr", "-0.5"), out);

        assertThat(command.getFirst()).endsWith("java");
        assertThat(command).containsSubsequence("@" + out.resolve(WorkloadRun.CLASSPATH_FILE),
                "dev.gridmint.workloads.WorkloadMain", "train-names", "--seed", "7", "--steps", "200", "--lr", "-0.5",
                "--out", out.toString());
        assertThat(command.subList(command.size() - 2, command.size())).containsExactly("--out", out.toString());
        assertThat(command).containsOnlyOnce("--out");
    }

    @Test
    void acceptsEveryDocumentedOption() throws Exception {
        var args = List.of("--seed", "1", "--steps", "2", "--batch", "3", "--hidden", "4", "--lr", "0.01", "--eval-every", "5");
        assertThat(WorkloadRun.command("train-names", args, dir)).containsSubsequence(args);
    }

    @Test
    void trainGptTakesTheTenantsSettingsAndTheAgentsPathsButNoPathFromTheTenant() throws Exception {
        var args = List.of("--seed", "1", "--steps", "2", "--batch", "3", "--lr", "0.01", "--eval-every", "5",
                "--checkpoint-every", "1");
        var agentArgs = List.of("--checkpoint-dir", dir.resolve("ck").toString(), "--resume", dir.resolve("ck/manifests/x").toString());
        List<String> command = WorkloadRun.command("train-gpt", args, agentArgs, dir, 512L << 20);
        assertThat(command).contains("-Xmx" + (384L << 20));
        assertThat(command).containsSubsequence(args).containsSubsequence(agentArgs);
        assertThat(command.subList(command.size() - 2, command.size())).containsExactly("--out", dir.toString());

        for (String path : List.of("--checkpoint-dir", "--resume", "--out")) {
            assertThatThrownBy(() -> WorkloadRun.command("train-gpt", List.of(path, "/etc"), dir))
                    .isInstanceOf(WorkloadRun.WorkloadFailed.class)
                    .hasMessageContaining("'" + path + "' is not allowed");
        }
        assertThatThrownBy(() -> WorkloadRun.command("train-gpt", List.of("--steps", "ten"), dir))
                .isInstanceOf(WorkloadRun.WorkloadFailed.class)
                .hasMessageContaining("takes a number");
    }

    @Test
    void refusesAnUnknownWorkload() {
        assertThatThrownBy(() -> WorkloadRun.command("bash", List.of(), dir))
                .isInstanceOf(WorkloadRun.WorkloadFailed.class)
                .hasMessageContaining("unknown workload 'bash'");
        assertThatThrownBy(() -> WorkloadRun.command("../train-names", List.of(), dir))
                .isInstanceOf(WorkloadRun.WorkloadFailed.class);
    }

    @Test
    void refusesAnUnknownOption() {
        assertThatThrownBy(() -> WorkloadRun.command("train-names", List.of("--classpath", "/tmp/evil.jar"), dir))
                .isInstanceOf(WorkloadRun.WorkloadFailed.class)
                .hasMessageContaining("'--classpath' is not allowed");
        assertThatThrownBy(() -> WorkloadRun.command("train-names", List.of("-XX:+UnlockDiagnosticVMOptions", "1"), dir))
                .isInstanceOf(WorkloadRun.WorkloadFailed.class);
    }

    @Test
    void refusesAnOddNumberOfArguments() {
        assertThatThrownBy(() -> WorkloadRun.command("train-names", List.of("--steps"), dir))
                .isInstanceOf(WorkloadRun.WorkloadFailed.class)
                .hasMessageContaining("pairs");
        assertThatThrownBy(() -> WorkloadRun.command("train-names", List.of("--steps", "10", "--seed"), dir))
                .isInstanceOf(WorkloadRun.WorkloadFailed.class);
    }

    @Test
    void refusesATenantsOwnOutputDirectory() {
        // The provider decides where output goes; a tenant must not write over its files.
        assertThatThrownBy(() -> WorkloadRun.command("train-names", List.of("--out", "/etc"), dir))
                .isInstanceOf(WorkloadRun.WorkloadFailed.class)
                .hasMessageContaining("'--out' is not allowed");
        assertThatThrownBy(() -> WorkloadRun.command("train-names", List.of("--out=/etc", "1"), dir))
                .isInstanceOf(WorkloadRun.WorkloadFailed.class);
        assertThatThrownBy(() -> WorkloadRun.command("train-names", List.of("--steps=10", "--out=/etc"), dir))
                .isInstanceOf(WorkloadRun.WorkloadFailed.class);
    }

    @Test
    void refusesAnOptionSmuggledInAsAValue() {
        // "--seed --out" would leave "--out" for the workload to read as an option.
        assertThatThrownBy(() -> WorkloadRun.command("train-names", List.of("--seed", "--out", "/etc", "1"), dir))
                .isInstanceOf(WorkloadRun.WorkloadFailed.class);
        assertThatThrownBy(() -> WorkloadRun.command("train-names", List.of("--steps", "--help"), dir))
                .isInstanceOf(WorkloadRun.WorkloadFailed.class);
    }

    // ---- real child processes, through the process runtime ----

    @Test
    void runsTheWorkloadAndReportsProgressAndItsResult() throws Exception {
        Path out = dir.resolve("run");
        List<WorkloadRun.Progress> progress = new ArrayList<>();
        List<String> lines = new ArrayList<>();

        WorkloadRun.Outcome outcome = WorkloadRun.start("train-names", List.of("--seed", "3", "--steps", "40", "--eval-every", "20"), out,
                120, new WorkloadRun.Events() {
                    @Override
                    public void progress(WorkloadRun.Progress p) {
                        progress.add(p);
                    }

                    @Override
                    public void line(String stream, String text) {
                        lines.add(stream);
                    }
                }).await();

        assertThat(progress).extracting(WorkloadRun.Progress::step).containsExactly(20, 40);
        assertThat(progress).allSatisfy(p -> assertThat(p.totalSteps()).isEqualTo(40));
        assertThat(lines).contains("stdout");
        assertThat(outcome.artifact()).isEqualTo(out.resolve("model.bin"));
        assertThat(outcome.modelSha256()).isEqualTo(Hash.sha256(Files.readAllBytes(outcome.artifact())).hex());
        assertThat(outcome.modelBytes()).isEqualTo(Files.size(outcome.artifact()));
        assertThat(outcome.samples()).isNotEmpty();
        assertThat(outcome.usageMillis()).isPositive();
        assertThat(Double.isFinite(outcome.finalTrainLoss())).isTrue();
        assertThat(out.resolve(".run")).as("the runtime's directory is cleaned up").isEmptyDirectory();
    }

    @Test
    void anAbortedRunFailsAsAborted() throws Exception {
        var run = new java.util.concurrent.atomic.AtomicReference<WorkloadRun>();
        run.set(WorkloadRun.start("train-names", List.of("--steps", "1000000", "--eval-every", "10"), dir.resolve("abort"), 120,
                new WorkloadRun.Events() {
                    @Override
                    public void progress(WorkloadRun.Progress p) {
                        while (run.get() == null) {
                            Thread.onSpinWait();
                        }
                        run.get().abort();
                    }
                }));

        assertThatThrownBy(() -> run.get().await())
                .isInstanceOf(WorkloadRun.WorkloadFailed.class)
                .hasMessage("aborted");
    }

    @Test
    void aRunPastItsTimeLimitIsKilled() throws Exception {
        WorkloadRun run = WorkloadRun.start("train-names", List.of("--steps", "1000000"), dir.resolve("slow"), 1, WorkloadRun.Events.NONE);

        assertThatThrownBy(run::await)
                .isInstanceOf(WorkloadRun.WorkloadFailed.class)
                .hasMessageStartingWith("TIMED_OUT");
    }

    @Test
    void aWorkloadThatRejectsItsArgumentsFails() throws Exception {
        WorkloadRun run = WorkloadRun.start("train-names", List.of("--steps", "-5"), dir.resolve("bad"), 60, WorkloadRun.Events.NONE);

        assertThatThrownBy(run::await)
                .isInstanceOf(WorkloadRun.WorkloadFailed.class)
                .hasMessageContaining("exited with code");
        assertThat(Files.readString(dir.resolve("bad/stderr.log"))).as("its stderr is kept beside its output").isNotBlank();
    }
}
