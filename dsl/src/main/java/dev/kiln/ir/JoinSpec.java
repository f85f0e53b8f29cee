package dev.kiln.ir;

import java.util.List;

/**
 * A layer that joins two inputs (reference section 12): the addition that closes a residual unit
 * ({@link AddSpec}) and the channel concatenation that closes a dense unit ({@link ConcatSpec}). Its
 * node reads two nodes; the single-input methods of {@link LayerSpec} take the first input's shape.
 */
public sealed interface JoinSpec extends LayerSpec permits AddSpec, ConcatSpec {

    @Override
    Shape outputShape(List<Shape> inputs) throws ShapeException;

    @Override
    default int arity() {
        return 2;
    }

    /** A join has no shape rule for one input; shape inference always passes both. */
    @Override
    default Shape outputShape(Shape in) {
        throw new UnsupportedOperationException(kind() + " layer '" + name() + "' joins two inputs");
    }

    /** Joins have no parameters and, by the ResNet tables' convention, no counted operations. */
    @Override
    default long parameterCount(Shape in) {
        return 0;
    }

    @Override
    default long multiplyAdds(Shape in) {
        return 0;
    }
}
