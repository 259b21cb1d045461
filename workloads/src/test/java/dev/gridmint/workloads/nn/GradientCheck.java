package dev.gridmint.workloads.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.workloads.tensor.Matrix;
import java.util.function.DoubleSupplier;

/** Central-difference gradient checking in double precision. */
public final class GradientCheck {

    /** Perturbation for central differences. */
    public static final double H = 1e-5;
    /** Bound on |analytic − numeric| / max(|analytic| + |numeric|, 1e-6). */
    public static final double MAX_RELATIVE_ERROR = 1e-6;

    private GradientCheck() {
    }

    /**
     * Compares {@code analytic} (∂loss/∂x, same shape as {@code x}) with central differences of {@code loss}
     * obtained by nudging each element of {@code x} in place. Returns the largest relative error seen.
     */
    public static double check(String what, Matrix x, Matrix analytic, DoubleSupplier loss) {
        return check(what, x, analytic, loss, 1e-6);
    }

    /**
     * As {@link #check(String, Matrix, Matrix, DoubleSupplier)}, with {@code floor} in place of 1e-6 in the
     * denominator: a deep network's loss is a sum of many rounded terms, so its central differences carry an
     * absolute error near 1e-11, which swamps the relative error of gradients smaller than about 1e-5.
     */
    public static double check(String what, Matrix x, Matrix analytic, DoubleSupplier loss, double floor) {
        assertThat(analytic.sameShape(x)).as("%s gradient shape", what).isTrue();
        double worst = 0.0;
        double[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            double saved = d[i];
            d[i] = saved + H;
            double plus = loss.getAsDouble();
            d[i] = saved - H;
            double minus = loss.getAsDouble();
            d[i] = saved;
            double numeric = (plus - minus) / (2 * H);
            double a = analytic.data()[i];
            double relative = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), floor);
            assertThat(relative)
                    .as("%s[%d]: analytic %s vs numeric %s", what, i, a, numeric)
                    .isLessThan(MAX_RELATIVE_ERROR);
            worst = Math.max(worst, relative);
        }
        return worst;
    }

    /** Σ out ⊙ weights: a scalar loss whose gradient with respect to {@code out} is {@code weights}. */
    public static double dot(Matrix out, Matrix weights) {
        double sum = 0.0;
        for (int i = 0; i < out.size(); i++) {
            sum += out.data()[i] * weights.data()[i];
        }
        return sum;
    }
}
