package dev.kiln.ir;

/**
 * A fully connected layer: {@code y = f(x W + b)}, W {@code [in, units]}, b {@code [units]}.
 * {@code weightInit} and {@code biasInit} are already resolved (never {@code DEFAULT}).
 */
public record DenseSpec(String name, int units, boolean bias, ActivationFunction activation,
                        InitSpec weightInit, InitSpec biasInit) implements LayerSpec {

    @Override
    public String kind() {
        return "Dense";
    }

    @Override
    public Shape outputShape(Shape in) throws ShapeException {
        if (in.rank() != 1) {
            throw new ShapeException("Dense layer '" + name + "' needs a flat input [n,features] but gets " + in,
                    "flatten the input first, or declare the model input as one dimension of " + in.size() + " features");
        }
        return Shape.of(units);
    }

    @Override
    public long parameterCount(Shape in) {
        return in.size() * units + (bias ? units : 0);
    }

    @Override
    public long multiplyAdds(Shape in) {
        return parameterCount(in);
    }

    @Override
    public String describe(Shape in) {
        String text = "Dense " + in.size() + " -> " + units;
        if (!activation.isIdentity()) {
            text += ", " + activation;
        }
        return bias ? text : text + ", no bias";
    }

    /** The weight shape {@code [in, units]}. */
    public long[] weightShape(Shape in) {
        return new long[] {in.size(), units};
    }
}
