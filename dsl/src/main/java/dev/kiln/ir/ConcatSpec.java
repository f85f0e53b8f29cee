package dev.kiln.ir;

import java.util.Arrays;
import java.util.List;

/**
 * The end of a dense unit (reference section 12): {@code out = concat_C(input, branch)}, the unit's
 * input channels first, then the channels its branch adds (the growth rate). Works on
 * {@code [n,C,H,W]} and on {@code [n,features]}.
 */
public record ConcatSpec(String name) implements JoinSpec {

    @Override
    public String kind() {
        return "Concat";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) throws ShapeException {
        Shape first = inputs.get(0);
        Shape second = inputs.get(1);
        if (first.rank() != second.rank()) {
            throw new ShapeException("concatenation '" + name + "' gets " + first + " and " + second + " of different ranks",
                    "make the unit's branch keep its input's layout (no Flatten or Dense in a convolutional dense unit)");
        }
        for (int axis = 1; axis < first.rank(); axis++) {
            if (first.dim(axis) != second.dim(axis)) {
                throw new ShapeException("concatenation '" + name + "' joins channels of " + first + " and " + second
                        + ", whose spatial sizes " + spatial(first) + " and " + spatial(second) + " differ",
                        "keep H and W in the unit's branch: stride 1 and same = true on its convolutions");
            }
        }
        long[] dims = Arrays.stream(first.dims()).asLongStream().toArray();
        dims[0] += second.dim(0);
        return Shape.sized("concatenation '" + name + "'", null,
                "use fewer units or filters in the dense block, or a @Transition between blocks to compress the channels", dims);
    }

    private static String spatial(Shape shape) {
        StringBuilder text = new StringBuilder();
        for (int axis = 1; axis < shape.rank(); axis++) {
            text.append(axis == 1 ? "" : "x").append(shape.dim(axis));
        }
        return text.toString();
    }

    @Override
    public String describe(Shape in) {
        return "Concat channels";
    }

    @Override
    public ConcatSpec renamed(String newName) {
        return new ConcatSpec(newName);
    }
}
