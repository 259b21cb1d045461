package dev.gridmint.node.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one engine command to completion with a time limit, keeping a bounded amount of its output. */
final class Cli {

    static final int MAX_OUTPUT_BYTES = 1 << 20;

    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        /** The engine's last error line, for a status message. */
        String reason() {
            String text = err.isBlank() ? out : err;
            List<String> lines = text.strip().lines().toList();
            return lines.isEmpty() ? "exit code " + exit : lines.getLast();
        }
    }

    private Cli() {}

    /** Exit -1 with a message when the command could not run or ran out of time. */
    static Result run(List<String> command, Path workDir, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile()).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            return new Result(-1, "", "cannot run " + command.getFirst() + ": " + e.getMessage());
        }
        var out = new Drain(process.getInputStream());
        var err = new Drain(process.getErrorStream());
        var outThread = Thread.ofVirtual().start(out);
        var errThread = Thread.ofVirtual().start(err);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "", String.join(" ", command.subList(0, Math.min(2, command.size())))
                        + " did not finish within " + timeout.toSeconds() + " s");
            }
            outThread.join();
            errThread.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
        return new Result(process.exitValue(), out.text, err.text);
    }

    /** Keeps the first {@link #MAX_OUTPUT_BYTES} and discards the rest, so a chatty engine cannot block or exhaust memory. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private volatile String text = "";

        Drain(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            try (in) {
                byte[] kept = in.readNBytes(MAX_OUTPUT_BYTES);
                in.transferTo(OutputStream.nullOutputStream());
                text = new String(kept, StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "";
            }
        }
    }
}
