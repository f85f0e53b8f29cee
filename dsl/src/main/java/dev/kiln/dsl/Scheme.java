package dev.kiln.dsl;

/**
 * Initialization schemes. Formulas: reference section 5. Variance-scaling schemes draw with
 * {@code std = gain / sqrt(fan)}; their uniform forms use bounds {@code sqrt(3) * std}.
 */
public enum Scheme {
    /** Pick by the layer's activation: Kaiming for the ReLU family, Xavier for tanh, sigmoid and
     *  identity, LeCun normal for SELU; zeros for biases. */
    DEFAULT,
    ZEROS,
    /** Every element {@code value}. Fine for biases; weights initialized this way never break symmetry. */
    CONSTANT,
    /** N(mean, std^2); {@code std} must be given by name. */
    NORMAL,
    /** U(low, high); both bounds must be given. */
    UNIFORM,
    /** N(0, 1/fanIn). */
    LECUN_NORMAL,
    /** U(+-sqrt(3/fanIn)). */
    LECUN_UNIFORM,
    /** N(0, gain^2 * 2/(fanIn + fanOut)). */
    XAVIER_NORMAL,
    /** U(+-gain * sqrt(6/(fanIn + fanOut))). */
    XAVIER_UNIFORM,
    /** N(0, gain^2/fan), fan per {@link FanMode}, gain of the activation unless given. */
    KAIMING_NORMAL,
    /** U(+-gain * sqrt(3/fan)). */
    KAIMING_UNIFORM;

    /** True when every element gets the same value, so units never become different. */
    public boolean isConstant() {
        return this == ZEROS || this == CONSTANT;
    }

    /** True for the schemes that take a gain. */
    public boolean usesGain() {
        return this == XAVIER_NORMAL || this == XAVIER_UNIFORM || this == KAIMING_NORMAL || this == KAIMING_UNIFORM;
    }
}
