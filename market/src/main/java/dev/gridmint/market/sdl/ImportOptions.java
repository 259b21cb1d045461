package dev.gridmint.market.sdl;

import dev.gridmint.core.crypto.Address;

/**
 * What an import needs besides the file.
 *
 * @param tenant who the orders are for
 * @param firstOrderId the id of the first order; the others follow in file order
 */
public record ImportOptions(Address tenant, long firstOrderId, PriceRule prices) {

    public ImportOptions {
        if (tenant == null || prices == null || firstOrderId < 0) {
            throw new IllegalArgumentException("an import needs a tenant, a price rule and a non-negative first order id");
        }
    }
}
