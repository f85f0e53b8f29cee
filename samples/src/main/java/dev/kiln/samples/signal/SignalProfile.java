package dev.kiln.samples.signal;

/**
 * What one setting does to the signal, per layer ℓ = 1..depth: {@code forward[ℓ-1]} is the variance
 * of layer ℓ's output (its second moment for ReLU, whose outputs are not centred), and
 * {@code backward[ℓ-1]} is the variance of the gradient at layer ℓ's input after backpropagating a
 * N(0, 1) gradient from the top.
 */
public record SignalProfile(SignalSetting setting, double[] forward, double[] backward) {

    public double lastForward() {
        return forward[forward.length - 1];
    }
}
