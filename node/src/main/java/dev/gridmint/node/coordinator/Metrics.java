package dev.gridmint.node.coordinator;

import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.transition.TxError;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters for {@code /metrics}, written in the Prometheus text format. */
public final class Metrics {

    private final LongAdder accepted = new LongAdder();
    private final Map<TxError, AtomicLong> rejected = new EnumMap<>(TxError.class);

    public Metrics() {
        for (TxError error : TxError.values()) {
            rejected.put(error, new AtomicLong());
        }
    }

    public void accepted() {
        accepted.increment();
    }

    public void rejected(TxError error) {
        rejected.get(error).incrementAndGet();
    }

    public String render(LedgerState state, AgentHub agents) {
        var out = new StringBuilder();
        out.append("# HELP gridmint_tx_accepted_total Transactions accepted over REST.\n");
        out.append("# TYPE gridmint_tx_accepted_total counter\n");
        out.append("gridmint_tx_accepted_total ").append(accepted.sum()).append('\n');
        out.append("# HELP gridmint_tx_rejected_total Transactions refused over REST, by error code.\n");
        out.append("# TYPE gridmint_tx_rejected_total counter\n");
        rejected.forEach((error, count) -> out.append("gridmint_tx_rejected_total{code=\"").append(error.name())
                .append("\"} ").append(count.get()).append('\n'));
        gauge(out, "gridmint_ledger_height", "Transactions in the log.", state.height());
        gauge(out, "gridmint_providers_registered", "Providers on the ledger.", state.providers().size());
        gauge(out, "gridmint_providers_connected", "Providers with a live agent connection.", agents.connectedProviders().size());
        out.append("# HELP gridmint_jobs Jobs by status.\n# TYPE gridmint_jobs gauge\n");
        for (JobStatus status : JobStatus.values()) {
            long count = state.jobs().values().stream().filter(job -> job.status() == status).count();
            out.append("gridmint_jobs{status=\"").append(status.name()).append("\"} ").append(count).append('\n');
        }
        var supply = state.supply();
        gauge(out, "gridmint_grid_outstanding", "Micro-GRID minted and not burned.", supply.outstanding());
        gauge(out, "gridmint_grid_circulating", "Micro-GRID free in wallets.", supply.circulating());
        gauge(out, "gridmint_grid_staked", "Micro-GRID bonded or unbonding.", supply.staked());
        gauge(out, "gridmint_grid_vault", "Micro-GRID in the BME vault.", supply.vault());
        gauge(out, "gridmint_grid_burned", "Micro-GRID burned for good.", supply.burned());
        gauge(out, "gridmint_credits_outstanding", "Micro-CC in wallets and escrows.", supply.creditsOutstanding());
        gauge(out, "gridmint_ledger_epoch", "The open epoch.", state.clock().epoch());
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }
}
