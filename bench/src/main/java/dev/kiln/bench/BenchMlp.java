package dev.kiln.bench;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Scheme;

/**
 * The benchmark network of issue 7: 784-1024-1024-10, ReLU, softmax cross-entropy. The processor
 * turns it into {@code BenchMlpNet}; {@link Dl4jMlp} builds the identical DL4J network.
 */
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class BenchMlp {
    @Dense(units = 1024, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.KAIMING_NORMAL))
    Layer fc1;

    @Dense(units = 1024, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.KAIMING_NORMAL))
    Layer fc2;

    @Dense(units = 10)
    Layer logits;
}
