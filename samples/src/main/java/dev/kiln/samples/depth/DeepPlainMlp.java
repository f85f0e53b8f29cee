package dev.kiln.samples.depth;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Lints;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Scheme;

/**
 * Experiment 5 of the reference: a ReLU MLP of width 128 and depth 16 (15 hidden layers) with a
 * 1/fanIn initialization and no normalization. The second moment of the signal halves at every
 * layer, so the last hidden features are tiny and nearly collinear, and the loss barely moves.
 * The init lint is suppressed on purpose: the pitfall is the point of the experiment.
 */
@SuppressWarnings(Lints.INIT_ACTIVATION)
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class DeepPlainMlp {
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h1;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h2;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h3;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h4;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h5;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h6;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h7;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h8;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h9;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h10;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h11;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h12;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h13;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h14;
    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h15;
    @Dense(units = 10) Layer logits;
}
