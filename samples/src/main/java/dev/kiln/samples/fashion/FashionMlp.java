package dev.kiln.samples.fashion;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Scheme;

/**
 * The flagship sample: a 784-256-128-10 ReLU network for Fashion-MNIST, Kaiming-initialized.
 * The processor turns it into {@link FashionMlpNet}.
 */
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class FashionMlp {
    @Dense(units = 256, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.KAIMING_NORMAL))
    Layer fc1;

    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.KAIMING_NORMAL))
    Layer fc2;

    @Dense(units = 10)
    Layer logits;
}
