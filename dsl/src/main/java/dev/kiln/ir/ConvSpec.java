package dev.kiln.ir;

import java.util.Arrays;

/**
 * A 2-D convolution over {@code [n,C,H,W]}: weights {@code [filters, C/groups, kH, kW]}, bias
 * {@code [filters]}, then the activation. Padding is resolved ("same" is already turned into
 * numbers).
 */
public record ConvSpec(String name, int filters, Window window, int groups, boolean bias, ActivationFunction activation,
                       InitSpec weightInit, InitSpec biasInit) implements WeightedSpec, WindowedSpec {

    @Override
    public String kind() {
        return "Conv2d";
    }

    @Override
    public Shape outputShape(Shape in) throws ShapeException {
        if (in.rank() != 3) {
            throw new ShapeException("Conv2d layer '" + name + "' needs input [n,C,H,W] but gets " + in,
                    "declare the model input as {channels, height, width}, or add @Reshape before it");
        }
        int channels = in.dim(0);
        if (channels % groups != 0 || filters % groups != 0) {
            throw new ShapeException("Conv2d layer '" + name + "' has " + groups + " groups, which do not divide its " + channels
                    + " input channels and " + filters + " filters", "choose groups that divide both, e.g. 1", "groups");
        }
        String what = "Conv2d layer '" + name + "'";
        window.requireFits(what, in, in.dim(1), in.dim(2));
        Shape.requireArray(what + " has weights " + Arrays.toString(weightShape(in)), weightShape(in), "filters",
                "use fewer filters or a smaller kernel, or groups, which divide the input channels each filter reads");
        long height = window.outputH(in.dim(1));
        long width = window.outputW(in.dim(2));
        // Too many values: from the filters, unless padding made the maps larger than the input's.
        return Shape.sized(what, height * width > (long) in.dim(1) * in.dim(2) ? "padding" : "filters",
                "use fewer filters, a larger stride or less padding, or downsample before it", filters, height, width);
    }

    @Override
    public long[] weightShape(Shape in) {
        return new long[] {filters, in.dim(0) / groups, window.kernelH(), window.kernelW()};
    }

    /** k^2 cin/groups cout, plus cout with a bias. */
    @Override
    public long parameterCount(Shape in) {
        return Shape.elements(weightShape(in)) + (bias ? filters : 0);
    }

    /** Parameters times output positions (the ResNet tables' convention). */
    @Override
    public long multiplyAdds(Shape in) {
        return parameterCount(in) * window.outputH(in.dim(1)) * window.outputW(in.dim(2));
    }

    @Override
    public String describe(Shape in) {
        String text = "Conv2d " + in.dim(0) + " -> " + filters + " " + window.describe();
        text += groups == 1 ? "" : " g" + groups;
        text += activation.isIdentity() ? "" : ", " + activation;
        return bias ? text : text + ", no bias";
    }

    @Override
    public ConvSpec withBias(boolean newBias) {
        return new ConvSpec(name, filters, window, groups, newBias, activation, weightInit, biasInit);
    }

    @Override
    public ConvSpec withInits(InitSpec newWeightInit, InitSpec newBiasInit) {
        return new ConvSpec(name, filters, window, groups, bias, activation, newWeightInit, newBiasInit);
    }

    @Override
    public ConvSpec renamed(String newName) {
        return new ConvSpec(newName, filters, window, groups, bias, activation, weightInit, biasInit);
    }

    @Override
    public int outputs() {
        return filters;
    }

    /** The same convolution with {@code factor} times the filters (a block repeated at another width). */
    @Override
    public ConvSpec widened(int factor) {
        return new ConvSpec(name, Math.multiplyExact(filters, factor), window, groups, bias, activation, weightInit, biasInit);
    }

    /** The same convolution with its stride multiplied by {@code factor}. */
    @Override
    public ConvSpec strided(int factor) {
        return new ConvSpec(name, filters, window.strided(factor), groups, bias, activation, weightInit, biasInit);
    }
}
