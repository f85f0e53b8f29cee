package dev.kiln.runtime.optim;

/**
 * What an optimizer does to one parameter, after every matching {@link ParameterGroup} was applied.
 *
 * @param learningRateScale multiplies the scheduled learning rate for this parameter
 * @param weightDecay       lambda of the optimizer's L2 penalty or decoupled decay for this parameter
 * @param layerAdaptation   whether layer-wise methods (LARS, LAMB) apply their trust ratio; ratio 1 otherwise
 * @param frozen            whether the parameter is left alone: no update, no state
 */
public record ParameterSettings(double learningRateScale, double weightDecay, boolean layerAdaptation,
                                boolean frozen) {
}
