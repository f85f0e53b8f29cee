package dev.kiln.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trainable parameter of a generated model and the buffer its gradient is written to. The
 * generated model owns both arrays; optimizers update {@code value} in place.
 *
 * @param layer    the layer's name (the field name in the model class)
 * @param role     the parameter's role in the layer, e.g. {@code W} or {@code b}
 * @param kind     what sort of parameter it is, for per-kind optimizer settings
 * @param value    the parameter
 * @param gradient d loss / d value, same shape as {@code value}
 */
public record Parameter(String layer, String role, Kind kind, INDArray value, INDArray gradient) {

    public enum Kind {
        WEIGHT,
        BIAS,
        /** Scales and shifts of normalization layers, and weight norm's g: excluded from weight decay by default. */
        NORM,
        /**
         * PReLU's learned negative-side slope α: excluded from weight decay by default, which would pull
         * it towards 0, a plain ReLU (reference §8.2).
         */
        SLOPE
    }

    /** {@code layer.role}, e.g. {@code fc1.W}: the key in checkpoints and optimizer state. */
    public String name() {
        return layer + "." + role;
    }
}
