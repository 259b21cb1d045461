package dev.gridmint.core.params;

/** Range checks shared by the parameter records; a failure names the parameter. */
final class Bounds {

    static final int BPS = 10_000;

    private Bounds() {}

    static void bps(int value, String name) {
        range(value, 0, BPS, name);
    }

    static void range(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
        }
    }
}
