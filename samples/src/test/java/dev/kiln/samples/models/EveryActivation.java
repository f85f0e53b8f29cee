package dev.kiln.samples.models;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Lints;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;

/** Every activation once, fused into Dense and standalone, with dropout and a bias-free layer: for gradient checks. */
@SuppressWarnings(Lints.DEEP_SATURATING)
@Model(input = 5, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class EveryActivation {
    @Dense(units = 6, activation = Activation.SIGMOID) Layer sigmoid;
    @Dense(units = 6, activation = Activation.TANH) Layer tanh;
    @Dense(units = 6, activation = Activation.LEAKY_RELU, activationParameter = 0.2) Layer leaky;
    @Dropout(rate = 0.3) Layer drop;
    @Dense(units = 6, activation = Activation.ELU, activationParameter = 0.7) Layer elu;
    @Dense(units = 6, activation = Activation.SELU) Layer selu;
    @Dense(units = 6, activation = Activation.GELU, bias = false) Layer gelu;
    @Dense(units = 6, activation = Activation.GELU_TANH) Layer geluTanh;
    @Dense(units = 6, activation = Activation.SWISH, activationParameter = 1.5) Layer swish;
    @Dense(units = 6, activation = Activation.SOFTPLUS) Layer softplus;
    @Dense(units = 6, activation = Activation.RELU) Layer relu;
    @Dense(units = 6) Layer linear;
    @ActivationLayer(Activation.TANH) Layer standaloneTanh;
    @ActivationLayer(value = Activation.SWISH, parameter = 0.5) Layer standaloneSwish;
    @Dense(units = 3) Layer logits;
}
