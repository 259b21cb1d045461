package dev.gridmint.workloads.optim;

import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * AdamW (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", 2019), as in PyTorch's
 * {@code torch.optim.AdamW}. For step {@code t = 1, 2, …} and each parameter element {@code θ} with gradient
 * {@code g}:
 *
 * <pre>
 *   θ ← θ − lr · λ · θ                      (decoupled weight decay, only where {@link Parameter#decay()})
 *   m ← β1 · m + (1 − β1) · g
 *   v ← β2 · v + (1 − β2) · g²
 *   m̂ = m / (1 − β1^t),   v̂ = v / (1 − β2^t)  (bias correction)
 *   θ ← θ − lr · m̂ / (√v̂ + ε)
 * </pre>
 *
 * The moment estimates are kept per parameter, in the order the parameters were given.
 */
public final class AdamW {

    /** Hyperparameters. {@code learningRate} can be overridden per step by {@link #step(double)}. */
    public record Settings(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {

        public Settings {
            requireFinite(learningRate, "learningRate");
            if (learningRate < 0.0) {
                throw new IllegalArgumentException("learningRate must be >= 0, got " + learningRate);
            }
            if (!(beta1 >= 0.0 && beta1 < 1.0)) {
                throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
            }
            if (!(beta2 >= 0.0 && beta2 < 1.0)) {
                throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
            }
            requireFinite(epsilon, "epsilon");
            if (epsilon <= 0.0) {
                throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
            }
            requireFinite(weightDecay, "weightDecay");
            if (weightDecay < 0.0) {
                throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
            }
        }

        /** PyTorch's defaults apart from the learning rate and weight decay: β = (0.9, 0.999), ε = 1e-8. */
        public static Settings of(double learningRate, double weightDecay) {
            return new Settings(learningRate, 0.9, 0.999, 1e-8, weightDecay);
        }

        private static void requireFinite(double value, String name) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(name + " must be finite, got " + value);
            }
        }
    }

    private final List<Parameter> parameters;
    private final Settings settings;
    private final List<double[]> firstMoments = new ArrayList<>();
    private final List<double[]> secondMoments = new ArrayList<>();
    private long stepCount;

    public AdamW(List<Parameter> parameters, Settings settings) {
        this.parameters = List.copyOf(parameters);
        this.settings = Objects.requireNonNull(settings, "settings");
        for (Parameter p : this.parameters) {
            firstMoments.add(new double[p.size()]);
            secondMoments.add(new double[p.size()]);
        }
    }

    public Settings settings() {
        return settings;
    }

    /** How many steps have been taken. */
    public long stepCount() {
        return stepCount;
    }

    /** One update with the configured learning rate. */
    public void step() {
        step(settings.learningRate());
    }

    /** One update with the given learning rate (for schedules); the gradients are read, not cleared. */
    public void step(double learningRate) {
        if (!Double.isFinite(learningRate) || learningRate < 0.0) {
            throw new IllegalArgumentException("learningRate must be finite and >= 0, got " + learningRate);
        }
        stepCount++;
        double beta1 = settings.beta1();
        double beta2 = settings.beta2();
        double correction1 = 1.0 - StrictMath.pow(beta1, stepCount);
        double correction2 = 1.0 - StrictMath.pow(beta2, stepCount);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            double[] theta = p.value().data();
            double[] grad = p.grad().data();
            double[] m = firstMoments.get(i);
            double[] v = secondMoments.get(i);
            double decayFactor = p.decay() ? 1.0 - learningRate * settings.weightDecay() : 1.0;
            for (int j = 0; j < theta.length; j++) {
                double g = grad[j];
                m[j] = beta1 * m[j] + (1.0 - beta1) * g;
                v[j] = beta2 * v[j] + (1.0 - beta2) * g * g;
                double mHat = m[j] / correction1;
                double vHat = v[j] / correction2;
                theta[j] = theta[j] * decayFactor - learningRate * mHat / (StrictMath.sqrt(vHat) + settings.epsilon());
            }
        }
    }

    /** Clears the gradients of all parameters. */
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    /**
     * Everything besides the hyperparameters that the next step depends on: the step count and both moment
     * estimates per parameter, in parameter order. A checkpoint stores it; {@link #restore} puts it back.
     */
    public record State(long stepCount, List<Matrix> firstMoments, List<Matrix> secondMoments) {

        public State {
            if (stepCount < 0) {
                throw new IllegalArgumentException("stepCount must be >= 0, got " + stepCount);
            }
            firstMoments = List.copyOf(firstMoments);
            secondMoments = List.copyOf(secondMoments);
            if (firstMoments.size() != secondMoments.size()) {
                throw new IllegalArgumentException("first and second moments differ in count");
            }
        }
    }

    /** A copy of the optimizer state. */
    public State state() {
        List<Matrix> first = new ArrayList<>(parameters.size());
        List<Matrix> second = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            first.add(firstMoment(i));
            second.add(secondMoment(i));
        }
        return new State(stepCount, first, second);
    }

    /** Replaces the step count and moments with (copies of) {@code state}'s, which must match the parameters. */
    public void restore(State state) {
        if (state.firstMoments().size() != parameters.size()) {
            throw new IllegalArgumentException("state has " + state.firstMoments().size() + " moments for "
                    + parameters.size() + " parameters");
        }
        for (int i = 0; i < parameters.size(); i++) {
            Matrix value = parameters.get(i).value();
            if (!value.sameShape(state.firstMoments().get(i)) || !value.sameShape(state.secondMoments().get(i))) {
                throw new IllegalArgumentException("moment shapes of parameter " + i + " differ from " + value.shape());
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            double[] m = state.firstMoments().get(i).data();
            double[] v = state.secondMoments().get(i).data();
            System.arraycopy(m, 0, firstMoments.get(i), 0, m.length);
            System.arraycopy(v, 0, secondMoments.get(i), 0, v.length);
        }
        stepCount = state.stepCount();
    }

    /** A copy of the first-moment estimate of parameter {@code index} (for tests and checkpoints). */
    public Matrix firstMoment(int index) {
        Parameter p = parameters.get(index);
        return Matrix.of(p.value().rows(), p.value().cols(), firstMoments.get(index));
    }

    /** A copy of the second-moment estimate of parameter {@code index}. */
    public Matrix secondMoment(int index) {
        Parameter p = parameters.get(index);
        return Matrix.of(p.value().rows(), p.value().cols(), secondMoments.get(index));
    }
}
