package dev.kiln.ir;

/** A maxout layer: the maximum of each group of {@code pieces} consecutive channels (axis 0 of the per-example shape). */
public record MaxoutSpec(String name, int pieces) implements CostFreeSpec {

    @Override
    public String kind() {
        return "Maxout";
    }

    @Override
    public Shape outputShape(Shape in) throws ShapeException {
        int channels = in.dim(0);
        if (channels % pieces != 0) {
            int below = channels / pieces * pieces;
            throw new ShapeException("Maxout layer '" + name + "' takes the maximum of groups of " + pieces + " channels, but its input "
                    + in + " has " + channels + ", which " + pieces + " does not divide",
                    "give the layer before it a multiple of " + pieces + " units or filters, e.g. "
                            + (below > 0 ? below + " or " : "") + (below + pieces) + ", or choose pieces among the divisors of "
                            + channels, "pieces");
        }
        int[] dims = in.dims();
        dims[0] = channels / pieces;
        return Shape.of(dims);
    }

    @Override
    public String describe(Shape in) {
        return "Maxout of " + pieces + " pieces";
    }

    @Override
    public MaxoutSpec renamed(String newName) {
        return new MaxoutSpec(newName, pieces);
    }
}
