package dev.kiln.ir;

/** Reshapes each example to {@code target}, keeping the number of elements. */
public record ReshapeSpec(String name, Shape target) implements CostFreeSpec {

    @Override
    public String kind() {
        return "Reshape";
    }

    @Override
    public Shape outputShape(Shape in) throws ShapeException {
        if (in.size() != target.size()) {
            throw new ShapeException("Reshape layer '" + name + "' turns " + in + " (" + in.size() + " values per example) into "
                    + target + " (" + target.size() + ")", "give a shape with " + in.size() + " values", "value");
        }
        return target;
    }

    @Override
    public String describe(Shape in) {
        return "Reshape";
    }

    @Override
    public ReshapeSpec renamed(String newName) {
        return new ReshapeSpec(newName, target);
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
