package dev.kiln.ir;

import java.util.Arrays;

/**
 * A fully connected layer: {@code y = f(x W + b)}, W {@code [in, units]}, b {@code [units]}.
 * {@code weightInit} and {@code biasInit} are already resolved (never {@code DEFAULT}). With
 * {@code weightNorm}, W is computed as {@code g v / ||v||} per unit from trained v and g.
 */
public record DenseSpec(String name, int units, boolean bias, ActivationFunction activation,
                        InitSpec weightInit, InitSpec biasInit, boolean weightNorm) implements WeightedSpec {

    /** A Dense layer without weight normalization. */
    public DenseSpec(String name, int units, boolean bias, ActivationFunction activation, InitSpec weightInit,
                     InitSpec biasInit) {
        this(name, units, bias, activation, weightInit, biasInit, false);
    }

    /** The same layer with its bias switched on or off. */
    @Override
    public DenseSpec withBias(boolean newBias) {
        return new DenseSpec(name, units, newBias, activation, weightInit, biasInit, weightNorm);
    }

    /** The same layer with other initializers. */
    @Override
    public DenseSpec withInits(InitSpec newWeightInit, InitSpec newBiasInit) {
        return new DenseSpec(name, units, bias, activation, newWeightInit, newBiasInit, weightNorm);
    }

    @Override
    public String kind() {
        return "Dense";
    }

    @Override
    public Shape outputShape(Shape in) throws ShapeException {
        if (in.rank() != 1) {
            throw new ShapeException("Dense layer '" + name + "' needs a flat input [n,features] but gets " + in,
                    "add @Flatten before it, or declare the model input as one dimension of " + in.size() + " features");
        }
        Shape.requireArray("Dense layer '" + name + "' has weights " + Arrays.toString(weightShape(in)), weightShape(in),
                "units", "use fewer units, or fewer input features (pool or downsample before the Flatten)");
        return Shape.of(units);
    }

    @Override
    public long parameterCount(Shape in) {
        return in.size() * units + (bias ? units : 0) + (weightNorm ? units : 0);
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
        text = weightNorm ? text + ", weight norm" : text;
        return bias ? text : text + ", no bias";
    }

    /** The weight shape {@code [in, units]}. */
    @Override
    public long[] weightShape(Shape in) {
        return new long[] {in.size(), units};
    }

    @Override
    public DenseSpec renamed(String newName) {
        return new DenseSpec(newName, units, bias, activation, weightInit, biasInit, weightNorm);
    }

    @Override
    public int outputs() {
        return units;
    }

    /** The same layer with {@code factor} times the units (a block repeated at another width). */
    @Override
    public DenseSpec widened(int factor) {
        return new DenseSpec(name, Math.multiplyExact(units, factor), bias, activation, weightInit, biasInit, weightNorm);
    }
}
