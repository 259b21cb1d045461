package dev.gridmint.node.inference.gateway;

import dev.gridmint.node.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One JSON document in the coordinator's data directory, replaced whole: written beside itself and moved over
 * the old one, so a crash leaves the old document or the new one, never half of either.
 */
record JsonFile(Path path) {

    /** The document a corrupt or foreign file would be mistaken for is refused: the gateway does not start on it. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    Optional<JsonNode> read() {
        try {
            if (!Files.exists(path)) {
                return Optional.empty();
            }
            if (Files.size(path) > MAX_BYTES) {
                throw new IllegalStateException(path + " is over " + MAX_BYTES + " bytes; it is not the gateway's");
            }
            return Optional.of(Json.MAPPER.readTree(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }

    void write(Object document) {
        try {
            Files.createDirectories(path.getParent());
            Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
            Files.write(temporary, Json.MAPPER.writeValueAsBytes(document));
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + path, e);
        }
    }
}
