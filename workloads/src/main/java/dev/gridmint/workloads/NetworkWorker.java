package dev.gridmint.workloads;

import dev.gridmint.workloads.diloco.Broadcast;
import dev.gridmint.workloads.gpt.GptReplica;
import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.train.Replica;
import dev.gridmint.workloads.worker.Cheat;
import dev.gridmint.workloads.worker.DilocoWorker;
import dev.gridmint.workloads.worker.HttpRoundTransport;
import dev.gridmint.workloads.worker.SessionInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The {@code diloco} network workload: a DiLoCo worker of a job, run by a provider agent. It joins the job's
 * session by the provider's key, trains whatever rounds the session gives it, and when the session is done
 * downloads the final θ, checks it against the session's hash and exports it as the job's model. stdout
 * carries {@code round} and {@code progress} lines per round and one {@code result} line, as {@code train-gpt}.
 */
final class NetworkWorker {

    private NetworkWorker() {
    }

    static int run(HttpRoundTransport transport, TrainingModel model, SessionInfo info, Path outDir, PrintStream out)
            throws IOException {
        if (info.mode() != SessionInfo.Mode.DILOCO) {
            throw new IOException("the session is not a DiLoCo session");
        }
        long totalSteps = transport.rounds() * info.innerSteps();
        int worker = transport.join();
        System.err.println("diloco: joined the session as worker " + worker);
        String finalHash = new DilocoWorker(transport, model, info, Cheat.NONE).run(0, report -> {
            WorkerCommand.printRound(out, report);
            long step = (report.round() + 1) * info.innerSteps();
            // the inner loss is the worker's own; the validation loss of θ is measured once, at the end
            out.println("{\"event\":\"progress\",\"step\":" + step + ",\"total_steps\":" + totalSteps
                    + ",\"train_loss\":" + Json.number(report.innerLoss()) + ",\"val_loss\":"
                    + Json.number(report.innerLoss()) + "}");
            out.flush();
        });
        Broadcast snapshot = transport.theta();
        double[] theta = snapshot.values();
        if (snapshot.kind() != Broadcast.Kind.THETA || !ParameterVector.sha256(theta).equals(finalHash)) {
            throw new IOException("the final θ downloaded does not match the session's hash " + finalHash);
        }
        Replica replica = model.factory().create(info.seed(), 0, info.shards());
        ParameterVector.setValues(replica.parameters(), theta);
        double validation = replica.validationLoss();
        byte[] bytes = export(replica, snapshot);
        Files.createDirectories(outDir);
        Path file = outDir.resolve(WorkerCommand.MODEL_FILE);
        Path temporary = outDir.resolve(WorkerCommand.MODEL_FILE + ".tmp");
        Files.write(temporary, bytes);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("{\"event\":\"result\",\"model_sha256\":" + Json.string(ParameterVector.sha256Hex(bytes))
                + ",\"model_bytes\":" + bytes.length + ",\"artifact\":" + Json.string(file.toString())
                + ",\"theta_hash\":" + Json.string(finalHash) + ",\"final_train_loss\":" + Json.number(validation)
                + ",\"final_val_loss\":" + Json.number(validation) + ",\"samples\":[]}");
        out.flush();
        return WorkloadMain.EXIT_OK;
    }

    /**
     * The model file: the transformer's own format ({@code GMGP}, which inference serves); any other model as
     * its fp32 θ in the round service's {@code THETA} broadcast encoding, which carries θ's hash.
     */
    static byte[] export(Replica replica, Broadcast snapshot) {
        if (replica instanceof GptReplica gpt) {
            return gpt.model().toBytes();
        }
        return snapshot.toBytes();
    }
}
