package dev.gridmint.node.artifact;

import java.util.Locale;

/** What an artifact is to the job that names it. */
public enum ArtifactKind {
    INPUT, OUTPUT, CHECKPOINT, MODEL, LOG;

    /** The lowercase name used on the wire and in headers. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name strictly; throws {@link IllegalArgumentException} for anything else. */
    public static ArtifactKind parse(String text) {
        for (ArtifactKind kind : values()) {
            if (kind.wireName().equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("an artifact kind is one of input, output, checkpoint, model, log");
    }
}
