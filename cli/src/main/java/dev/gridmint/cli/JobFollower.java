package dev.gridmint.cli;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.workload.DilocoJob;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Polls a job until it reaches a final status, handing every snapshot to an observer. */
public final class JobFollower {

    private static final Set<String> FINAL = Set.of("SETTLED", "CANCELLED", "FAILED");
    private static final long POLL_MILLIS = 200;

    private JobFollower() {}

    /** Follows the job with a terminal progress bar of its training steps. */
    public static JobView withProgressBar(CoordinatorClient client, Hash jobId, Duration timeout) throws InterruptedException {
        var bar = new ProgressBarObserver();
        try {
            return untilFinished(client, jobId, timeout, bar);
        } finally {
            bar.close();
        }
    }

    public static JobView untilFinished(CoordinatorClient client, Hash jobId, Duration timeout, Consumer<JobView> observer)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobView job = client.job(jobId);
            observer.accept(job);
            if (FINAL.contains(job.status())) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new UserError("job " + jobId.shortHex() + " is still " + job.status() + " after " + timeout.toSeconds()
                        + " s; follow it with: gridmint job status " + jobId.hex());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * What follows the bar: the latest validation loss; for a DiLoCo job, the round (steps are the worker's inner
     * steps, H per round) and the worker's latest inner loss.
     */
    static String extraMessage(JobView job, int step, int totalSteps, double loss) {
        if (!DilocoJob.NAME.equals(job.workload())) {
            return String.format(Locale.ROOT, " val loss %.3f", loss);
        }
        int h = innerSteps(job.args());
        return String.format(Locale.ROOT, " round %d/%d, loss %.3f", step / h, totalSteps / h, loss);
    }

    private static int innerSteps(List<String> args) {
        int at = args.indexOf("--inner-steps");
        try {
            return at >= 0 && at + 1 < args.size() ? Math.max(1, Integer.parseInt(args.get(at + 1))) : DilocoJob.DEFAULT_H;
        } catch (NumberFormatException e) {
            return DilocoJob.DEFAULT_H;
        }
    }

    /** Draws the training progress of the snapshots it is given. */
    private static final class ProgressBarObserver implements Consumer<JobView> {
        private ProgressBar bar;

        @Override
        public void accept(JobView job) {
            var telemetry = job.telemetry();
            if (telemetry == null || telemetry.totalSteps() <= 0) {
                return;
            }
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName("Training").setInitialMax(telemetry.totalSteps())
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build();
            }
            bar.stepTo(telemetry.step());
            if (!telemetry.curve().isEmpty()) {
                bar.setExtraMessage(extraMessage(job, telemetry.step(), telemetry.totalSteps(),
                        telemetry.curve().getLast().valLoss()));
            }
        }

        void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
