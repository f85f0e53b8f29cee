package dev.kiln.ir;

import java.util.List;

/**
 * The end of a residual unit: {@code out = f(shortcut + gate · branch)}. Its node reads the
 * shortcut (the unit's input, or its projection) first and the residual branch second. {@code f}
 * is ReLU for the original post-activation unit and the identity for the pre-activation one.
 *
 * <p>Stochastic depth (reference section 12): with {@code survival < 1}, training draws
 * {@code gate ~ Bernoulli(survival)} once per unit per step, shared by the batch, and skips the
 * branch when it is 0; inference uses {@code gate = survival}.
 */
public record AddSpec(String name, ActivationFunction activation, double survival) implements JoinSpec {

    public AddSpec {
        if (!(survival > 0 && survival <= 1)) {
            throw new IllegalArgumentException("residual unit '" + name + "' has survival probability " + survival
                    + "; it must be in (0, 1]");
        }
    }

    /** True when training may skip the branch. */
    public boolean stochastic() {
        return survival < 1;
    }

    @Override
    public String kind() {
        return "Add";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) throws ShapeException {
        Shape shortcut = inputs.get(0);
        Shape branch = inputs.get(1);
        if (shortcut.equals(branch)) {
            return shortcut;
        }
        String unit = unit();
        if (shortcut.rank() == branch.rank() && shortcut.rank() == 3 && shortcut.dim(0) != branch.dim(0)
                && !sameSpatial(shortcut, branch)) {
            throw new ShapeException("residual add '" + name + "' gets shortcut " + shortcut + " and branch " + branch
                    + ": channels " + shortcut.dim(0) + " vs " + branch.dim(0) + " and spatial size "
                    + shortcut.dim(1) + "x" + shortcut.dim(2) + " vs " + branch.dim(1) + "x" + branch.dim(2) + " differ",
                    "use a projection shortcut (a 1x1 convolution with the stride of the unit): shortcut = Shortcut.AUTO or PROJECTION"
                            + " on " + unit);
        }
        if (shortcut.rank() == branch.rank() && shortcut.rank() == 3 && shortcut.dim(0) != branch.dim(0)) {
            throw new ShapeException("residual add '" + name + "' gets shortcut " + shortcut + " and branch " + branch
                    + ": channels differ (" + shortcut.dim(0) + " vs " + branch.dim(0) + ")",
                    "use a projection shortcut (a 1x1 convolution to " + branch.dim(0)
                            + " channels): shortcut = Shortcut.AUTO or PROJECTION on " + unit);
        }
        if (shortcut.rank() == 1 && branch.rank() == 1) {
            throw new ShapeException("residual add '" + name + "' gets shortcut " + shortcut + " and branch " + branch
                    + ": features differ (" + shortcut.dim(0) + " vs " + branch.dim(0) + ")",
                    "use a projection shortcut (a linear Dense layer to " + branch.dim(0)
                            + " units): shortcut = Shortcut.AUTO or PROJECTION on " + unit);
        }
        throw new ShapeException("residual add '" + name + "' gets shortcut " + shortcut + " and branch " + branch
                + ", which cannot be added", "make the branch keep the shape of its input (same = true on its convolutions)");
    }

    private static boolean sameSpatial(Shape a, Shape b) {
        return a.dim(1) == b.dim(1) && a.dim(2) == b.dim(2);
    }

    /** The unit's name: the add is named {@code <unit>_add}. */
    private String unit() {
        return name.endsWith("_add") ? "'" + name.substring(0, name.length() - "_add".length()) + "'" : "the unit";
    }

    @Override
    public String describe(Shape in) {
        String text = "Add shortcut + branch";
        text += activation.isIdentity() ? "" : ", " + activation;
        return stochastic() ? text + ", survival " + survival : text;
    }

    @Override
    public AddSpec renamed(String newName) {
        return new AddSpec(newName, activation, survival);
    }
}
