package dev.gridmint.market.sdl;

/**
 * A problem that stops reading at once (bad YAML, a file too big). It never leaves the package:
 * {@link SdlImporter} turns it into an error value.
 */
final class SdlFailure extends RuntimeException {

    final SdlIssue issue;

    SdlFailure(SdlCode code, String path, String message) {
        super(message, null, false, false);
        this.issue = new SdlIssue(code, path, message);
    }
}
