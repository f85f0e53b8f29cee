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
 * The same depth and width as {@link DeepPlainMlp}, same 1/fanIn initialization, with batch norm
 * between every linear map and its ReLU: each layer's input is re-standardized, so the signal keeps
 * its scale and rank, and the network trains.
 */
@SuppressWarnings(Lints.INIT_ACTIVATION)
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class DeepBatchNormMlp {
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h1;
    @BatchNorm Layer bn1;
    @ActivationLayer(Activation.RELU) Layer relu1;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h2;
    @BatchNorm Layer bn2;
    @ActivationLayer(Activation.RELU) Layer relu2;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h3;
    @BatchNorm Layer bn3;
    @ActivationLayer(Activation.RELU) Layer relu3;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h4;
    @BatchNorm Layer bn4;
    @ActivationLayer(Activation.RELU) Layer relu4;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h5;
    @BatchNorm Layer bn5;
    @ActivationLayer(Activation.RELU) Layer relu5;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h6;
    @BatchNorm Layer bn6;
    @ActivationLayer(Activation.RELU) Layer relu6;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h7;
    @BatchNorm Layer bn7;
    @ActivationLayer(Activation.RELU) Layer relu7;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h8;
    @BatchNorm Layer bn8;
    @ActivationLayer(Activation.RELU) Layer relu8;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h9;
    @BatchNorm Layer bn9;
    @ActivationLayer(Activation.RELU) Layer relu9;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h10;
    @BatchNorm Layer bn10;
    @ActivationLayer(Activation.RELU) Layer relu10;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h11;
    @BatchNorm Layer bn11;
    @ActivationLayer(Activation.RELU) Layer relu11;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h12;
    @BatchNorm Layer bn12;
    @ActivationLayer(Activation.RELU) Layer relu12;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h13;
    @BatchNorm Layer bn13;
    @ActivationLayer(Activation.RELU) Layer relu13;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h14;
    @BatchNorm Layer bn14;
    @ActivationLayer(Activation.RELU) Layer relu14;
    @Dense(units = 128, bias = false, weightInit = @Init(scheme = Scheme.LECUN_NORMAL)) Layer h15;
    @BatchNorm Layer bn15;
    @ActivationLayer(Activation.RELU) Layer relu15;
    @Dense(units = 10) Layer logits;
}
