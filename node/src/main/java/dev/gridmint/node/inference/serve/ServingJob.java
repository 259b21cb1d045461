package dev.gridmint.node.inference.serve;

import dev.gridmint.node.service.LocalService;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One inference job on a provider: its model loaded, its server listening on a loopback port, until
 * its term runs out or the lease is taken away. The job's service port is always {@value #PORT}, which
 * the agent maps to the server's loopback port in its port tunnel.
 */
public final class ServingJob {

    public static final int PORT = 8000;

    private final ModelServer server;
    private final CountDownLatch ended = new CountDownLatch(1);

    private ServingJob(ModelServer server) {
        this.server = server;
    }

    /** Loads the built-in model the arguments name and starts serving it; throws {@link IllegalArgumentException} for bad arguments. */
    public static ServingJob start(List<String> args, InstantSource clock) {
        return new ServingJob(ModelServer.start(ModelLoader.load(args), clock, false));
    }

    /**
     * Loads the model the arguments name, a model artifact fetched from {@code source} (unpacked under
     * {@code workDir} where it must be), and starts serving it; throws {@link IllegalArgumentException} (a
     * {@link ModelFormatException} with its code for an artifact) when it cannot.
     */
    public static ServingJob start(List<String> args, InstantSource clock, ModelLoader.ArtifactSource source, Path workDir,
            boolean alterOutputs) {
        return new ServingJob(ModelServer.start(ModelLoader.load(args, source, workDir), clock, alterOutputs));
    }

    /** The model's routes, for the agent's port tunnel to call in process. */
    public LocalService service() {
        return server;
    }

    /** The model server's loopback port, for callers on this machine. */
    public int localPort() {
        return server.port();
    }

    public ServedModel model() {
        return server.model();
    }

    /** Serves for up to {@code maxSeconds}; true when the term ran out, false when the job was stopped first. */
    public boolean await(long maxSeconds) throws InterruptedException {
        try {
            return !ended.await(maxSeconds, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    public void stop() {
        ended.countDown();
        server.close();
    }
}
