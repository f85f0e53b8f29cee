package dev.kiln.dsl;

/**
 * Initialization schemes. Formulas: reference section 5 and docs/initializers.md. The LeCun,
 * Xavier and Kaiming schemes are named instances of {@link #VARIANCE_SCALING}; every uniform form
 * uses bounds {@code sqrt(3) * std}, the bound with that standard deviation.
 */
public enum Scheme {
    /** Pick by the layer's activation: Kaiming for the ReLU family, Xavier for tanh, sigmoid and
     *  identity, LeCun normal for SELU; zeros for biases. */
    DEFAULT,
    ZEROS,
    /** Every element {@code value}. Fine for biases; constant weights never break symmetry, so they
     *  are a compile-time error unless suppressed with {@link Lints#CONSTANT_INIT}. */
    CONSTANT,
    /** N(mean, std^2); {@code std} must be given by name. */
    NORMAL,
    /** U(low, high); both bounds must be given. */
    UNIFORM,
    /** N(0, 1/fanIn): variance scaling with scale 1, fan_in, normal. */
    LECUN_NORMAL,
    /** U(+-sqrt(3/fanIn)): variance scaling with scale 1, fan_in, uniform. */
    LECUN_UNIFORM,
    /** N(0, gain^2 * 2/(fanIn + fanOut)): variance scaling with scale gain^2, fan_avg, normal. */
    XAVIER_NORMAL,
    /** U(+-gain * sqrt(6/(fanIn + fanOut))): variance scaling with scale gain^2, fan_avg, uniform. */
    XAVIER_UNIFORM,
    /** N(0, gain^2/fan), fan per {@link FanMode} (fan_in or fan_out), gain of the activation unless given. */
    KAIMING_NORMAL,
    /** U(+-gain * sqrt(3/fan)). */
    KAIMING_UNIFORM,
    /** N(mean, std^2) with every draw outside [low, high] drawn again; {@code std} is the value
     *  before truncation; the bounds default to mean -+ 2 std. */
    TRUNCATED_NORMAL,
    /** The general form: variance {@code scale / fan}, fan per {@link FanMode} (fan_avg included),
     *  drawn per {@link Distribution}. */
    VARIANCE_SCALING,
    /** QR of a Gaussian matrix, signs fixed, times {@code gain}: orthonormal columns for a tall
     *  weight, orthonormal rows for a wide one; conv kernels are flattened to [outC, inC*kH*kW]. */
    ORTHOGONAL,
    /** {@code gain} times the identity matrix; square Dense weights only. */
    IDENTITY,
    /** The convolution that returns its input: {@code gain} at the kernel centre of filter o, input
     *  channel o; conv kernels with odd sizes only. */
    DIRAC,
    /** N(0, std^2) with a fraction {@code sparsity} of each unit's incoming weights set to zero. */
    SPARSE;

    /** True when every element gets the same value, so units never become different. */
    public boolean isConstant() {
        return this == ZEROS || this == CONSTANT;
    }

    /** True for the schemes that take a gain. */
    public boolean usesGain() {
        return this == XAVIER_NORMAL || this == XAVIER_UNIFORM || this == KAIMING_NORMAL || this == KAIMING_UNIFORM
                || this == ORTHOGONAL || this == IDENTITY || this == DIRAC;
    }

    /** True for the schemes that are {@link #VARIANCE_SCALING} or one of its named instances. */
    public boolean isVarianceScaling() {
        return this == LECUN_NORMAL || this == LECUN_UNIFORM || this == XAVIER_NORMAL || this == XAVIER_UNIFORM
                || this == KAIMING_NORMAL || this == KAIMING_UNIFORM || this == VARIANCE_SCALING;
    }

    /** True for the schemes that need a weight matrix or kernel (rank >= 2); a bias cannot use them. */
    public boolean needsMatrix() {
        return this == ORTHOGONAL || this == IDENTITY || this == DIRAC || this == SPARSE;
    }
}
