package dev.kiln.ir;

/**
 * A layer with no trainable parameters and no multiply-adds in the ResNet tables' count: activations,
 * maxout, dropout, flatten and reshape.
 */
public sealed interface CostFreeSpec extends LayerSpec permits ActivationSpec, MaxoutSpec, DropoutSpec, FlattenSpec, ReshapeSpec {

    @Override
    default long parameterCount(Shape in) {
        return 0;
    }

    @Override
    default long multiplyAdds(Shape in) {
        return 0;
    }
}
