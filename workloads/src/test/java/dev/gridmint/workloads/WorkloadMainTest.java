package dev.gridmint.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.workloads.names.NamesModel;
import dev.gridmint.workloads.names.TrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadMainTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return WorkloadMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "bogus-workload",
        "train-names",                                  // --out missing
        "train-names --out",                            // value missing
        "train-names --out D --colour blue",            // unknown option
        "train-names --out D --seed seven",
        "train-names --out D --seed 1.5",
        "train-names --out D --steps 0",                // out of range
        "train-names --out D --steps 99999999999",      // overflows int
        "train-names --out D --batch -4",
        "train-names --out D --hidden 12x",
        "train-names --out D --lr NaN",
        "train-names --out D --lr 1e-3d",
        "train-names --out D --lr 0x1p-4",
        "train-names --out D --lr 2",                   // out of range
        "train-names --out D --eval-every 0",
        "train-names --out D --steps 5 --steps 6",      // duplicate
        "train-names --out D stray",
        "train-names --out=",
        "diloco-worker",                                // everything missing
        "diloco-worker --session s --worker 1 --key D",  // --coordinator missing
        "diloco-worker --coordinator ftp://x --session s --worker 1 --key D",
        "diloco-worker --coordinator http://x --session S! --worker 1 --key D",
        "diloco-worker --coordinator http://x --session s --worker -1 --key D",
        "diloco-worker --coordinator http://x --session s --worker 1 --key D --model gpt-9",
        "ddp-worker --coordinator http://x --session s --worker 1 --key D --cheat lie",
        "ddp-worker --coordinator http://x --session s --worker 1 --worker 2 --key D",
        "diloco --coordinator http://x --session s --key D",             // --out missing
        "diloco --coordinator http://x --session s --key D --out D --worker 1", // the session numbers it
        "diloco --coordinator http://x --session s --key D --out D --cheat nan",
    })
    void rejectsBadArgumentsWithExitCodeTwo(String commandLine) {
        String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("D")) {
                args[i] = tmp.resolve("never").toString();
            }
        }
        assertThat(run(args)).isEqualTo(WorkloadMain.EXIT_USAGE);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).isNotBlank();
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(stdout()).contains("Usage:", "train-names", "--seed", "--eval-every", "--out", "diloco-worker",
                "ddp-worker", "--coordinator", "--key").doesNotContain("--cheat");
        out.reset();
        assertThat(run("train-names", "--steps", "nope", "--help")).isZero();
        assertThat(stdout()).contains("Usage:");
    }

    @Test
    void smallEndToEndRunPrintsProgressAndResultLines() throws Exception {
        Path dir = tmp.resolve("nested/out");
        int code = run("train-names", "--seed", "7", "--steps", "50", "--batch", "16", "--hidden", "24",
                "--lr", "0.02", "--eval-every=20", "--out", dir.toString());

        assertThat(code).as(stderr()).isZero();
        List<String> lines = stdout().lines().toList();
        assertThat(lines).hasSize(4);

        long[] expectedSteps = {20, 40, 50};
        for (int i = 0; i < 3; i++) {
            Map<String, Object> p = MiniJson.object(lines.get(i));
            assertThat(p).containsOnlyKeys("event", "step", "total_steps", "train_loss", "val_loss");
            assertThat(p.get("event")).isEqualTo("progress");
            assertThat(((Double) p.get("step")).longValue()).isEqualTo(expectedSteps[i]);
            assertThat(p.get("total_steps")).isEqualTo(50.0);
            assertThat((Double) p.get("train_loss")).isBetween(0.5, 4.0);
            assertThat((Double) p.get("val_loss")).isBetween(0.5, 4.0);
        }

        Map<String, Object> r = MiniJson.object(lines.get(3));
        assertThat(r).containsOnlyKeys("event", "model_sha256", "model_bytes", "artifact", "final_train_loss",
                "final_val_loss", "samples");
        assertThat(r.get("event")).isEqualTo("result");
        Path artifact = Path.of((String) r.get("artifact"));
        assertThat(artifact).isAbsolute().isEqualTo(dir.toAbsolutePath().resolve("model.bin")).isRegularFile();
        assertThat(dir.resolve("model.bin.tmp")).doesNotExist();
        byte[] bytes = Files.readAllBytes(artifact);
        assertThat(r.get("model_sha256")).isEqualTo(NamesModel.sha256Hex(bytes));
        assertThat(((Double) r.get("model_bytes")).intValue()).isEqualTo(bytes.length);
        assertThat(r.get("final_val_loss")).isEqualTo(MiniJson.object(lines.get(2)).get("val_loss"));
        assertThat((List<?>) r.get("samples")).hasSize(10).allMatch(s -> s instanceof String);

        TrainingConfig config = NamesModel.fromBytes(bytes).config();
        assertThat(config).isEqualTo(new TrainingConfig(7, 50, 16, 3, 10, 24, 0.02, 0.01, 20));
        assertThat(stderr()).contains("train-names");
    }

    @Test
    void sameArgumentsGiveTheSameResultLine() {
        String[] args = {"train-names", "--seed", "3", "--steps", "30", "--hidden", "16", "--out",
            tmp.resolve("a").toString()};
        assertThat(run(args)).isZero();
        String first = stdout().replace(tmp.resolve("a").toString(), "DIR");
        out.reset();
        args[args.length - 1] = tmp.resolve("b").toString();
        assertThat(run(args)).isZero();
        assertThat(stdout().replace(tmp.resolve("b").toString(), "DIR")).isEqualTo(first);
    }

    @Test
    void unwritableOutputIsAFailureNotAUsageError() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThat(run("train-names", "--steps", "5", "--hidden", "8", "--out", file.toString()))
                .isEqualTo(WorkloadMain.EXIT_FAILURE);
        assertThat(stdout()).isEmpty();
    }

    @Test
    void jsonHelpersEscapeAndHandleNonFiniteNumbers() {
        assertThat(Json.string("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
        assertThat(MiniJson.parse(Json.string("a\"b\\c\n\u0001"))).isEqualTo("a\"b\\c\n\u0001");
        assertThat(Json.number(Double.NaN)).isEqualTo("null");
        assertThat(Json.number(Double.POSITIVE_INFINITY)).isEqualTo("null");
        assertThat(MiniJson.parse(Json.number(1.0e-5))).isEqualTo(1.0e-5);
        assertThat(Json.stringArray(List.of("x", "y"))).isEqualTo("[\"x\",\"y\"]");
    }
}
