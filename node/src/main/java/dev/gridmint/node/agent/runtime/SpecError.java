package dev.gridmint.node.agent.runtime;

/** Why a job spec was refused before anything started: a stable code and a message for the tenant. */
public record SpecError(Code code, String message) {

    public enum Code {
        BAD_JOB_ID,
        BAD_IMAGE,
        BAD_COMMAND,
        BAD_ENV,
        BAD_SECRET,
        BAD_LIMIT,
        BAD_GPU,
        BAD_PORT,
        ROOT_USER,
        BAD_LABEL,
        MOUNT_FORBIDDEN,
        PRIVILEGED_FORBIDDEN,
        CAPABILITY_FORBIDDEN,
        EXCEEDS_CAPACITY,
        /** The sealing codes of {@link dev.gridmint.node.protocol.SealedSecrets.Code}, under the same names. */
        BAD_SEALED_SECRET,
        SECRET_NOT_FOR_THIS_PROVIDER,
        SECRET_TAMPERED
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
