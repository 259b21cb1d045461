package dev.gridmint.sim.market;

/**
 * A constant-product pool of GRID ({@code x}) against USD ({@code y}), Uniswap v2 style: {@code
 * x·y = k}, the fee taken from what is paid in and left in the pool (so {@code k} grows with
 * volume). The price is {@code y/x} USD per GRID. Doubles: the AMM is the model of an outside
 * market, not ledger money.
 */
public final class Amm {

    /** 0.3%, as Uniswap v2. */
    public static final double DEFAULT_FEE = 0.003;

    private double grid;
    private double usd;
    private final double fee;

    public Amm(double grid, double usd, double fee) {
        if (!(grid > 0) || !(usd > 0) || fee < 0 || fee >= 1) {
            throw new IllegalArgumentException("reserves must be positive and the fee in [0, 1)");
        }
        this.grid = grid;
        this.usd = usd;
        this.fee = fee;
    }

    public double price() {
        return usd / grid;
    }

    public double grid() {
        return grid;
    }

    public double usd() {
        return usd;
    }

    /** GRID out for {@code usdIn} paid in: {@code x·(1−f)·Δy / (y + (1−f)·Δy)}. */
    public static double gridOut(double gridReserve, double usdReserve, double usdIn, double fee) {
        double effective = usdIn * (1 - fee);
        return gridReserve * effective / (usdReserve + effective);
    }

    /** USD out for {@code gridIn} paid in: {@code y·(1−f)·Δx / (x + (1−f)·Δx)}. */
    public static double usdOut(double gridReserve, double usdReserve, double gridIn, double fee) {
        double effective = gridIn * (1 - fee);
        return usdReserve * effective / (gridReserve + effective);
    }

    /** USD to pay in for exactly {@code gridWanted} out: {@code y·Δx / ((x − Δx)·(1−f))}; infinite at or past the depth. */
    public static double usdInFor(double gridReserve, double usdReserve, double gridWanted, double fee) {
        if (gridWanted >= gridReserve) {
            return Double.POSITIVE_INFINITY;
        }
        return usdReserve * gridWanted / ((gridReserve - gridWanted) * (1 - fee));
    }

    /** Buys GRID with USD; returns the GRID received. */
    public double buyWithUsd(double usdIn) {
        if (usdIn <= 0) {
            return 0;
        }
        double out = gridOut(grid, usd, usdIn, fee);
        grid -= out;
        usd += usdIn;
        return out;
    }

    /** Buys exactly {@code gridWanted}; returns the USD paid, or NaN (and trades nothing) when the pool is too shallow. */
    public double buyExactGrid(double gridWanted) {
        if (gridWanted <= 0) {
            return 0;
        }
        double in = usdInFor(grid, usd, gridWanted, fee);
        if (!Double.isFinite(in) || gridWanted > grid * 0.9) {
            return Double.NaN;
        }
        grid -= gridWanted;
        usd += in;
        return in;
    }

    /** Sells GRID; returns the USD received. */
    public double sell(double gridIn) {
        if (gridIn <= 0) {
            return 0;
        }
        double out = usdOut(grid, usd, gridIn, fee);
        usd -= out;
        grid += gridIn;
        return out;
    }

    /**
     * The outside market moves the price by {@code factor} (the macro step): arbitrageurs trade
     * the pool, fee-free, to the new price along the same {@code k}. Returns the USD they paid in
     * (positive, a buy) or took out (negative, a sell).
     */
    public double movePrice(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("price factor must be positive: " + factor);
        }
        double k = grid * usd;
        double target = price() * factor;
        double newGrid = Math.sqrt(k / target);
        double newUsd = k / newGrid;
        double flow = newUsd - usd;
        grid = newGrid;
        usd = newUsd;
        return flow;
    }
}
