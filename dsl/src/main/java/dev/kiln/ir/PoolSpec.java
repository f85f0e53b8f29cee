package dev.kiln.ir;

/** Max, average or global average pooling over H and W. */
public record PoolSpec(String name, Kind pooling, Window window) implements WindowedSpec {

    public enum Kind {
        MAX("MaxPool2d"),
        AVERAGE("AvgPool2d"),
        GLOBAL_AVERAGE("GlobalAvgPool");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static PoolSpec global(String name) {
        return new PoolSpec(name, Kind.GLOBAL_AVERAGE, null);
    }

    @Override
    public String kind() {
        return pooling.label();
    }

    @Override
    public Shape outputShape(Shape in) throws ShapeException {
        if (in.rank() != 3) {
            throw new ShapeException(pooling.label() + " layer '" + name + "' needs input [n,C,H,W] but gets " + in,
                    "pool after convolutions, before @Flatten");
        }
        if (pooling == Kind.GLOBAL_AVERAGE) {
            return Shape.of(in.dim(0));
        }
        String what = pooling.label() + " layer '" + name + "'";
        window.requireFits(what, in, in.dim(1), in.dim(2));
        return Shape.sized(what, "padding", "use less padding or a larger stride", in.dim(0), window.outputH(in.dim(1)),
                window.outputW(in.dim(2)));
    }

    @Override
    public long parameterCount(Shape in) {
        return 0;
    }

    /** The input volume (the ResNet tables' convention for pooling). */
    @Override
    public long multiplyAdds(Shape in) {
        return in.size();
    }

    @Override
    public String describe(Shape in) {
        return pooling == Kind.GLOBAL_AVERAGE ? pooling.label() : pooling.label() + " " + window.describe();
    }

    @Override
    public PoolSpec renamed(String newName) {
        return new PoolSpec(newName, pooling, window);
    }

    @Override
    public boolean takesStride() {
        return pooling != Kind.GLOBAL_AVERAGE;
    }

    /** The same pooling with its stride multiplied by {@code factor}. */
    @Override
    public PoolSpec strided(int factor) {
        return new PoolSpec(name, pooling, window.strided(factor));
    }

    @Override
    public boolean keepsActivation() {
        return true;
    }
}
