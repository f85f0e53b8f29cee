package dev.kiln.ir;

/**
 * A layer that slides a window over an image (Conv2d, the pools): what a block stage's
 * {@code stride} is applied to.
 */
public sealed interface WindowedSpec extends LayerSpec permits ConvSpec, PoolSpec {

    Window window();

    /** Whether a stage's stride can be applied to this layer (a global average pool has no window to stride). */
    default boolean takesStride() {
        return true;
    }

    /** The same layer with its stride multiplied by {@code factor}. */
    WindowedSpec strided(int factor);
}
