package dev.gridmint.node.api;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.node.artifact.Artifact;
import java.util.List;

/**
 * An artifact as the API shows it. {@code ledgerResult} says whether its hash is the result a job
 * it is filed for committed to on the ledger ({@code CompleteJob}): the link between a downloaded
 * model and what the provider signed.
 */
public record ArtifactView(String sha256, long size, String url, boolean ledgerResult, List<FilingView> filings) {

    public ArtifactView {
        filings = List.copyOf(filings);
    }

    /** One filing: who uploaded it, for which job (null for none), as what, when (epoch seconds). */
    public record FilingView(String uploader, String jobId, String kind, String name, long createdAt) {}

    public static ArtifactView of(Artifact artifact, LedgerState state) {
        Hash hash = Hash.parse(artifact.sha256());
        boolean ledgerResult = artifact.entries().stream()
                .flatMap(entry -> entry.job().stream())
                .anyMatch(job -> state.job(Hash.parse(job)).flatMap(j -> j.resultHash()).map(hash::equals).orElse(false));
        return new ArtifactView(artifact.sha256(), artifact.size(), "/v1/artifacts/" + artifact.sha256(), ledgerResult,
                artifact.entries().stream().map(e -> new FilingView(e.uploader(), e.jobId(), e.kind().wireName(), e.name(),
                        e.createdAt())).toList());
    }
}
