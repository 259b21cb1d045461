package dev.gridmint.node.agent;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.SignedPass;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what the offer cannot know from the hardware alone: the agent's bandwidth to its
 * coordinator (a timed, bounded transfer each way through the coordinator's probe endpoint, with a
 * pass signed by the provider's key) and the free and total disk of its data directory. A direction
 * that cannot be measured (the coordinator refuses, the link fails) reports 0 rather than a guess.
 */
final class LinkMeter {

    private static final Logger LOG = LoggerFactory.getLogger(LinkMeter.class);
    static final int PROBE_BYTES = 4 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long GIB = 1L << 30;

    private final HttpClient http;
    private final String coordinatorUrl;
    private final Keypair key;

    LinkMeter(HttpClient http, String coordinatorUrl, Keypair key) {
        this.http = http;
        this.coordinatorUrl = coordinatorUrl.replaceFirst("/+$", "");
        this.key = key;
    }

    AgentMessage.Measured measure(String networkId, Path dataDir) {
        long down = timed("down", () -> download(networkId));
        long up = timed("up", () -> upload(networkId));
        long[] disk = disk(dataDir);
        var measured = new AgentMessage.Measured(down, up, disk[0], disk[1]);
        LOG.info("measured: {} Mbit/s down, {} Mbit/s up to the coordinator; {} of {} GiB free in {}", down, up, disk[0], disk[1], dataDir);
        return measured;
    }

    /** Free and total GiB of the file system holding {@code dir}; zeros where it cannot be read. */
    static long[] disk(Path dir) {
        try {
            Files.createDirectories(dir);
            FileStore store = Files.getFileStore(dir);
            return new long[] {store.getUsableSpace() / GIB, store.getTotalSpace() / GIB};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    /** Megabits per second for {@link #PROBE_BYTES} moved in the measured time; at least 1 for any completed transfer. */
    static long mbps(long bytes, long nanos) {
        return Math.max(1, bytes * 8_000L / Math.max(1, nanos));
    }

    @FunctionalInterface
    private interface Transfer {
        long bytes() throws IOException, InterruptedException;
    }

    private long timed(String direction, Transfer transfer) {
        long start = System.nanoTime();
        try {
            long bytes = transfer.bytes();
            return mbps(bytes, System.nanoTime() - start);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not measure the {} link: {}", direction, e.getMessage());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private HttpRequest.Builder request(String networkId, String query) {
        String pass = SignedPass.sign(SignedPass.Purpose.LINK_PROBE, key, networkId,
                System.currentTimeMillis() + SignedPass.MAX_LIFETIME_MILLIS / 2).text();
        return HttpRequest.newBuilder(URI.create(coordinatorUrl + "/v1/agent/bandwidth" + query)).timeout(TIMEOUT)
                .header(SignedPass.Purpose.LINK_PROBE.header(), pass);
    }

    private long download(String networkId) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request(networkId, "?bytes=" + PROBE_BYTES).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("the coordinator answered " + response.statusCode() + ": " + new String(in.readNBytes(300)));
            }
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0 && total <= PROBE_BYTES) {
                total += n;
            }
            return total;
        }
    }

    private long upload(String networkId) throws IOException, InterruptedException {
        byte[] body = new byte[PROBE_BYTES];
        new SplittableRandom(PROBE_BYTES).nextBytes(body);
        HttpResponse<String> response = http.send(request(networkId, "").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the coordinator answered " + response.statusCode() + ": " + response.body());
        }
        return body.length;
    }
}
