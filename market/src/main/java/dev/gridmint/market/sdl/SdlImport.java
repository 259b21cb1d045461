package dev.gridmint.market.sdl;

import dev.gridmint.market.order.Order;
import java.util.List;
import java.util.Optional;

/** What an import gives: the orders, or the errors. Warnings come with either. */
public sealed interface SdlImport {

    List<SdlIssue> warnings();

    /**
     * @param deployments one per SDL deployment (service × placement group), in file order
     * @param priceRule the conversion applied, in words
     */
    record Imported(List<Deployment> deployments, List<SdlIssue> warnings, String priceRule) implements SdlImport {
        public Imported {
            deployments = List.copyOf(deployments);
            warnings = List.copyOf(warnings);
        }

        public List<Order> orders() {
            return deployments.stream().flatMap(d -> d.order().stream()).toList();
        }
    }

    record Rejected(List<SdlIssue> errors, List<SdlIssue> warnings) implements SdlImport {
        public Rejected {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * One deployment: the workload, and its order unless the service asks for no GPU (the market
     * trades GPU nodes; a warning says so).
     *
     * @param price the SDL's price as written, such as {@code 1000 uusdc/block}
     */
    record Deployment(Workload workload, Optional<Order> order, String price) {}
}
