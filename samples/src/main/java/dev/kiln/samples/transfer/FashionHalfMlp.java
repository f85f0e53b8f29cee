package dev.kiln.samples.transfer;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Scheme;

/** The source model of the transfer sample: an MLP that tells apart the first five Fashion-MNIST classes. */
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class FashionHalfMlp {
    @Dense(units = 256, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.KAIMING_NORMAL))
    Layer fc1;

    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.KAIMING_NORMAL))
    Layer fc2;

    @Dense(units = 5)
    Layer logits;
}
