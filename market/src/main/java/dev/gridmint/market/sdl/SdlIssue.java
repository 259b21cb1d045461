package dev.gridmint.market.sdl;

/**
 * One error or warning of an import.
 *
 * @param path where in the file, such as {@code services.web.expose[0].accept}; empty for the whole file
 */
public record SdlIssue(SdlCode code, String path, String message) {

    @Override
    public String toString() {
        return code + (path.isEmpty() ? "" : " at " + path) + ": " + message;
    }
}
