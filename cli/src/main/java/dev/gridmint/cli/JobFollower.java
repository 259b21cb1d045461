package dev.gridmint.cli;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.client.CoordinatorClient;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Polls a job until it reaches a final status, with a progress bar of its training steps. */
public final class JobFollower {

    private static final Set<String> FINAL = Set.of("SETTLED", "CANCELLED", "FAILED");
    private static final long POLL_MILLIS = 200;

    private JobFollower() {}

    public static JobView untilFinished(CoordinatorClient client, Hash jobId, boolean showProgress) throws InterruptedException {
        ProgressBar bar = null;
        try {
            while (true) {
                JobView job = client.job(jobId);
                if (showProgress && job.telemetry() != null && job.telemetry().totalSteps() > 0) {
                    if (bar == null) {
                        bar = new ProgressBarBuilder().setTaskName("Training").setInitialMax(job.telemetry().totalSteps())
                                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build();
                    }
                    bar.stepTo(job.telemetry().step());
                    var curve = job.telemetry().curve();
                    if (!curve.isEmpty()) {
                        bar.setExtraMessage(String.format(" val loss %.3f", curve.getLast().valLoss()));
                    }
                }
                if (FINAL.contains(job.status())) {
                    return job;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
