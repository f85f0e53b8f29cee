package dev.kiln.ir;

/** Flattens each example to one dimension. */
public record FlattenSpec(String name) implements CostFreeSpec {

    @Override
    public String kind() {
        return "Flatten";
    }

    @Override
    public Shape outputShape(Shape in) throws ShapeException {
        return Shape.sized("Flatten layer '" + name + "'", null, "pool or downsample before it", in.size());
    }

    @Override
    public String describe(Shape in) {
        return "Flatten";
    }

    @Override
    public FlattenSpec renamed(String newName) {
        return new FlattenSpec(newName);
    }

    @Override
    public boolean keepsActivation() {
        return true;
    }

    @Override
    public boolean keepsLinearity() {
        return true;
    }
}
