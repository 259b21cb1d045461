package dev.gridmint.node.training;

import dev.gridmint.node.api.ApiError;
import dev.gridmint.node.api.ApiException;
import dev.gridmint.node.json.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson3;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The round service on its own HTTP server, for {@code gridmint bench train} and the tests; a coordinator
 * mounts the same {@link TrainingApi} routes on its own server.
 */
public final class TrainingServer implements AutoCloseable {

    /** Far above a names-MLP Δ; a larger model raises it with its sessions' {@code maxUploadBytes}. */
    public static final long MAX_REQUEST_BYTES = 64L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(TrainingServer.class);

    private final Javalin http;

    private TrainingServer(Javalin http) {
        this.http = http;
    }

    /** Starts on {@code host}, on a free port when {@code port} is 0. */
    public static TrainingServer start(TrainingService service, String host, int port) {
        return start(new TrainingApi(service), host, port);
    }

    /** Serves {@code api} (a standalone service's, or one over {@link TrainingApi.Sessions} of its own). */
    public static TrainingServer start(TrainingApi api, String host, int port) {
        Javalin http = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson3(Json.MAPPER, true));
            api.register(config.routes);
            config.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(new ApiError("INTERNAL", "internal error"));
            });
        });
        http.start(host, port);
        return new TrainingServer(http);
    }

    public String url() {
        return "http://127.0.0.1:" + http.port();
    }

    @Override
    public void close() {
        http.stop();
    }
}
