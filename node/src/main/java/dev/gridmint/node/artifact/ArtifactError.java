package dev.gridmint.node.artifact;

/**
 * Why an artifact upload or download was refused. The names are the stable error codes of the
 * HTTP API ({@link dev.gridmint.node.api.ApiError#code()}); each carries its HTTP status.
 */
public enum ArtifactError {
    /** The path's hash is not 64 lowercase hex characters. */
    BAD_ARTIFACT_HASH(400),
    /** A header of the signed upload statement is missing or malformed. */
    MALFORMED_UPLOAD(400),
    /** The upload's signature does not verify against its signer. */
    BAD_UPLOAD_SIGNATURE(401),
    /** The statement's timestamp is outside the coordinator's window. */
    UPLOAD_EXPIRED(401),
    /** The signer is neither a registered provider nor an account on the ledger. */
    UNKNOWN_UPLOADER(403),
    /** The statement names a job the signer is neither the tenant nor the provider of. */
    NOT_JOB_PARTY(403),
    /** The statement names a job the ledger does not hold. */
    UNKNOWN_JOB(404),
    /** No artifact has that hash. */
    UNKNOWN_ARTIFACT(404),
    /** This signer already used this nonce. */
    REPLAYED_UPLOAD(409),
    /** The body's sha256 is not the one in the path. */
    HASH_MISMATCH(422),
    /** The body's length is not the size the statement signs. */
    SIZE_MISMATCH(422),
    /** The artifact is larger than the coordinator's limit. */
    ARTIFACT_TOO_LARGE(413),
    /** The upload would take the uploader over its quota. */
    QUOTA_EXCEEDED(413),
    /** The coordinator could not write the artifact. */
    ARTIFACT_STORE_FAILED(503);

    private final int status;

    ArtifactError(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
