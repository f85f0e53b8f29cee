package dev.kiln.samples.signal;

import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.InitSpec;

/** One network of the experiment: the activation after every layer and the weight initializer of every layer. */
public record SignalSetting(String label, ActivationFunction activation, InitSpec init) {

    /** True for ReLU nets, whose forward statistic is the second moment E[x²] rather than the variance. */
    public boolean rectified() {
        return !activation.isIdentity();
    }
}
