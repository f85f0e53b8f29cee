package dev.kiln.ir;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Numbers;

/**
 * A parametric ReLU layer: leaky ReLU whose slope α is a parameter, one per channel (axis 0 of the
 * per-example shape) or one {@code shared} by every unit, starting at {@code init}.
 */
public record PReluSpec(String name, boolean shared, double init) implements LayerSpec {

    @Override
    public String kind() {
        return "PReLU";
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    /** α's shape for input {@code in}: [1] shared, else [C]. */
    public long[] alphaShape(Shape in) {
        return new long[] {shared ? 1 : in.dim(0)};
    }

    /**
     * The activation the layer starts as, leaky ReLU with slope α₀: what initializer defaults and
     * lints take for the linear layer before it.
     */
    public ActivationFunction initialActivation() {
        return ActivationFunction.of(Activation.LEAKY_RELU, init);
    }

    @Override
    public long parameterCount(Shape in) {
        return alphaShape(in)[0];
    }

    @Override
    public long multiplyAdds(Shape in) {
        return 0;
    }

    @Override
    public String describe(Shape in) {
        return "PReLU, alpha " + (shared ? "shared" : "per channel") + " from " + Numbers.compact(init);
    }

    @Override
    public PReluSpec renamed(String newName) {
        return new PReluSpec(newName, shared, init);
    }
}
