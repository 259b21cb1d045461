package dev.gridmint.market.sdl;

/** Stable codes of what an import reports. Scripts match on these; the wording of messages may change. */
public enum SdlCode {
    // Errors: the file is not imported.
    SDL_TOO_LARGE,
    SDL_YAML_SYNTAX,
    SDL_YAML_ALIAS,
    SDL_YAML_TAG,
    SDL_DUPLICATE_KEY,
    SDL_LIMIT_EXCEEDED,
    SDL_UNSUPPORTED_VERSION,
    SDL_UNKNOWN_KEY,
    SDL_MISSING_FIELD,
    SDL_BAD_TYPE,
    SDL_BAD_VALUE,
    SDL_BAD_QUANTITY,
    SDL_BAD_COUNT,
    SDL_UNDEFINED_REFERENCE,
    SDL_UNKNOWN_GPU_MODEL,
    SDL_UNSUPPORTED_FEATURE,
    SDL_UNSUPPORTED_DENOM,
    SDL_AKT_PRICE_REQUIRED,
    SDL_PRICE_OUT_OF_RANGE,
    // Warnings: imported, and this is what was left out or changed.
    SDL_UNSUPPORTED_FIELD,
    SDL_NO_GPU,
    SDL_UNUSED_SERVICE
}
