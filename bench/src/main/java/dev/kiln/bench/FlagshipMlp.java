package dev.kiln.bench;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Scheme;

/**
 * The layers of the samples' flagship {@code FashionMlp} (784-256-128-10, ReLU, Kaiming normal),
 * declared here because the bench does not depend on the samples: the network the co-tenant mode
 * ({@link CoTenantBench}) trains. The processor turns it into {@code FlagshipMlpNet}.
 */
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class FlagshipMlp {
    @Dense(units = 256, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.KAIMING_NORMAL))
    Layer fc1;

    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.KAIMING_NORMAL))
    Layer fc2;

    @Dense(units = 10)
    Layer logits;
}
