package dev.kiln.dsl;

/** Which fan a variance-scaling initializer divides by. */
public enum FanMode {
    /** Preserves the variance of activations in the forward pass. */
    FAN_IN,
    /** Preserves the variance of gradients in the backward pass. */
    FAN_OUT,
    /** (fanIn + fanOut) / 2, Glorot's compromise between the two; {@link Scheme#VARIANCE_SCALING} only. */
    FAN_AVG
}
