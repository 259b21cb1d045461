package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.transition.TxError;
import dev.gridmint.node.api.ApiException;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.logs.LogBook;
import dev.gridmint.node.logs.LogLine;
import dev.gridmint.node.logs.LogListener;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * A job's log over HTTP: pages of its history as JSON, and a server-sent event stream of the
 * history and then live lines ({@code line}, with the line's index as the event id, so a client
 * resumes with {@code Last-Event-ID}) that ends with an {@code end} event when the job is over.
 * Like every read of this API it is not authenticated; the agent redacts the job's secrets
 * before a line leaves the provider.
 */
final class LogApi {

    private static final int MAX_PAGE = 1_000;

    private final LogBook book;
    private final Supplier<LedgerState> ledger;

    LogApi(LogBook book, Supplier<LedgerState> ledger) {
        this.book = book;
        this.ledger = ledger;
    }

    void addRoutes(RoutesConfig routes) {
        routes.get("/v1/jobs/{id}/logs", this::page);
        // Checked before the stream starts: once it has, the response is a 200 and can no longer say 404.
        routes.before("/v1/jobs/{id}/logs/stream", this::knownJob);
        routes.sse("/v1/jobs/{id}/logs/stream", this::stream);
    }

    private void page(Context ctx) {
        Hash job = knownJob(ctx);
        long from = HttpApi.nonNegative(ctx.queryParam("from"), "from", 0);
        int limit = (int) Math.min(HttpApi.nonNegative(ctx.queryParam("limit"), "limit", 500), MAX_PAGE);
        ctx.json(book.page(job, from, limit));
    }

    private void stream(SseClient client) {
        Context ctx = client.ctx();
        Hash job = Hash.parse(ctx.pathParam("id"));
        String lastEventId = ctx.header("Last-Event-ID");
        long from = lastEventId != null ? HttpApi.nonNegative(lastEventId, "Last-Event-ID", -1) + 1 : HttpApi.nonNegative(ctx.queryParam("from"), "from", 0);
        client.keepAlive();
        var reader = new StreamReader(client, job.hex());
        client.onClose(() -> {
            book.unsubscribe(job, reader);
            reader.stop();
        });
        book.subscribe(job, from, reader);
    }

    /**
     * One stream's reader. Lines go through a bounded queue that its own virtual thread drains, so a
     * slow reader never holds up the agent connection that delivered the line; a reader that falls
     * {@value #BACKLOG} lines behind (more than a whole history) is cut off and can resume with
     * {@code Last-Event-ID}.
     */
    private static final class StreamReader implements LogListener {

        private static final int BACKLOG = 32_000;

        private final SseClient client;
        private final String jobId;
        private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>(BACKLOG);
        private final Thread drainer;

        StreamReader(SseClient client, String jobId) {
            this.client = client;
            this.jobId = jobId;
            this.drainer = Thread.ofVirtual().name("log-stream").start(this::drain);
        }

        @Override
        public void line(LogLine line) {
            enqueue(() -> client.sendEvent("line", Json.write(line), Long.toString(line.index())));
        }

        @Override
        public void end(long dropped) {
            enqueue(() -> {
                client.sendEvent("end", Json.write(Map.of("jobId", jobId, "dropped", dropped)));
                client.close();
            });
        }

        private void enqueue(Runnable send) {
            if (!queue.offer(send)) {
                client.close();
            }
        }

        private void drain() {
            try {
                while (!client.terminated()) {
                    queue.take().run();
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException gone) {
                client.close();
            }
        }

        void stop() {
            drainer.interrupt();
        }
    }

    private Hash knownJob(Context ctx) {
        Hash job;
        try {
            job = Hash.parse(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "BAD_JOB_ID", "a job id is 64 hex characters");
        }
        if (ledger.get().job(job).isEmpty()) {
            throw new ApiException(404, TxError.UNKNOWN_JOB.name(), "no job " + job.hex());
        }
        return job;
    }
}
