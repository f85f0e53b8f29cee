package dev.kiln.samples.init;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Scheme;

/**
 * Eight Dense layers on Fashion-MNIST for the data-dependent initializers. Non-zero biases and a
 * bias-free layer check that LSUV leaves biases alone; the dropout checks that it measures in
 * inference mode.
 */
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class DeepFashionMlp {
    @Dense(units = 256, activation = Activation.RELU, biasInit = @Init(scheme = Scheme.CONSTANT, value = 0.1)) Layer fc1;
    @Dense(units = 256, activation = Activation.RELU, biasInit = @Init(scheme = Scheme.UNIFORM, low = -0.2, high = 0.2)) Layer fc2;
    @Dropout(rate = 0.3) Layer drop;
    @Dense(units = 128, activation = Activation.TANH) Layer fc3;
    @Dense(units = 128, activation = Activation.RELU, bias = false) Layer fc4;
    @Dense(units = 128, activation = Activation.GELU, biasInit = @Init(scheme = Scheme.CONSTANT, value = -0.05)) Layer fc5;
    @Dense(units = 64, activation = Activation.RELU) Layer fc6;
    @Dense(units = 64, activation = Activation.SELU, biasInit = @Init(scheme = Scheme.CONSTANT, value = 0.3)) Layer fc7;
    @Dense(units = 10, biasInit = @Init(scheme = Scheme.CONSTANT, value = 0.5)) Layer logits;
}
