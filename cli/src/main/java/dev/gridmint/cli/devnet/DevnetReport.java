package dev.gridmint.cli.devnet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gridmint.node.api.Views;
import java.util.List;
import java.util.Map;

/**
 * What a devnet run did, as the one JSON object {@code --json} prints last. The field names are
 * a contract with scripts and the CI test. Credits and charges are micro-CC, balances and
 * earnings micro-GRID, the oracle price micro-USD per GRID.
 */
record DevnetReport(
        @JsonProperty("network_id") String networkId,
        @JsonProperty("api_url") String apiUrl,
        @JsonProperty("console_url") String consoleUrl,
        @JsonProperty("jobs_submitted") int jobsSubmitted,
        @JsonProperty("jobs_completed") int jobsCompleted,
        @JsonProperty("providers") int providers,
        @JsonProperty("accounts") Map<String, String> accounts,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("job_provider") String jobProvider,
        @JsonProperty("model_sha256") String modelSha256,
        @JsonProperty("final_train_loss") double finalTrainLoss,
        @JsonProperty("final_val_loss") double finalValLoss,
        @JsonProperty("loss_curve") List<double[]> lossCurve,
        @JsonProperty("samples") List<String> samples,
        @JsonProperty("oracle_price") long oraclePrice,
        @JsonProperty("credits_bought") long creditsBought,
        @JsonProperty("charged") long charged,
        @JsonProperty("protocol_fee") long protocolFee,
        @JsonProperty("refunded") long refunded,
        @JsonProperty("balances_before") Map<String, Long> balancesBefore,
        @JsonProperty("balances_after") Map<String, Long> balancesAfter,
        @JsonProperty("provider_earnings") Map<String, Long> providerEarnings,
        @JsonProperty("epochs_closed") long epochsClosed,
        @JsonProperty("emitted") long emitted,
        @JsonProperty("supply") Views.SupplyView supply,
        @JsonProperty("ledger_height") long ledgerHeight,
        @JsonProperty("state_root") String stateRoot,
        @JsonProperty("replayed_state_root") String replayedStateRoot,
        @JsonProperty("supply_conserved") boolean supplyConserved,
        @JsonProperty("verification") Verification verification,
        @JsonProperty("loss_chart") String lossChart,
        @JsonProperty("data_dir") String dataDir,
        @JsonProperty("elapsed_ms") long elapsedMs,
        // Only with --container-job: a busybox job in a real container, its log's last lines and what it was billed (micro-CC).
        @JsonProperty("container_job_ok") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean containerJobOk,
        @JsonProperty("container_log_tail") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> containerLogTail,
        @JsonProperty("container_billed_cc") @JsonInclude(JsonInclude.Include.NON_NULL) Long containerBilledCc) {

    /** The report with the container job's outcome added. */
    DevnetReport withContainerJob(boolean ok, List<String> logTail, long billed) {
        return new DevnetReport(networkId, apiUrl, consoleUrl, jobsSubmitted, jobsCompleted, providers, accounts, jobId, jobProvider,
                modelSha256, finalTrainLoss, finalValLoss, lossCurve, samples, oraclePrice, creditsBought, charged, protocolFee,
                refunded, balancesBefore, balancesAfter, providerEarnings, epochsClosed, emitted, supply, ledgerHeight, stateRoot,
                replayedStateRoot, supplyConserved, verification, lossChart, dataDir, elapsedMs, ok, logTail, billed);
    }

    /**
     * The devnet's checker: its challenges that passed and failed, its verdicts the ledger accepted,
     * how many provider checks the last closed epoch decided and what they slashed, and each
     * provider's reputation at the end of the run (0..1000, 500 to start).
     */
    record Verification(
            @JsonProperty("checker") String checker,
            @JsonProperty("challenges_passed") long challengesPassed,
            @JsonProperty("challenges_failed") long challengesFailed,
            @JsonProperty("verdicts_accepted") long verdictsAccepted,
            @JsonProperty("outcomes") int outcomes,
            @JsonProperty("slashed") long slashed,
            @JsonProperty("reputations") Map<String, Integer> reputations) {}
}
