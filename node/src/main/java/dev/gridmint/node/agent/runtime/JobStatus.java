package dev.gridmint.node.agent.runtime;

/** How a job ended. Every ending has its own value, so billing and the tenant's message can tell them apart. */
public sealed interface JobStatus {

    /** A stable code for the coordinator and scripts. */
    String code();

    /** One line for the tenant. */
    String message();

    record Succeeded() implements JobStatus {
        public String code() { return "SUCCEEDED"; }
        public String message() { return "the job exited with code 0"; }
    }

    record Failed(int exitCode) implements JobStatus {
        public String code() { return "FAILED"; }
        public String message() { return "the job's command exited with code " + exitCode; }
    }

    record OomKilled(long memoryLimitBytes) implements JobStatus {
        public String code() { return "OOM_KILLED"; }
        public String message() { return "the job was killed for using more than its " + memoryLimitBytes + " bytes of memory"; }
    }

    record DiskFull(long scratchBytes) implements JobStatus {
        public String code() { return "DISK_FULL"; }
        public String message() { return "the job wrote past its " + scratchBytes + " bytes of scratch space and failed"; }
    }

    record TimedOut(long wallClockSeconds) implements JobStatus {
        public String code() { return "TIMED_OUT"; }
        public String message() { return "the job ran past its wall-clock limit of " + wallClockSeconds + " s and was stopped"; }
    }

    record Cancelled() implements JobStatus {
        public String code() { return "CANCELLED"; }
        public String message() { return "the job was cancelled"; }
    }

    record ImageUnavailable(String image, String reason) implements JobStatus {
        public String code() { return "IMAGE_UNAVAILABLE"; }
        public String message() { return "image '" + image + "' is not available: " + reason; }
    }

    record StartFailed(String reason) implements JobStatus {
        public String code() { return "START_FAILED"; }
        public String message() { return "the job could not be started: " + reason; }
    }
}
