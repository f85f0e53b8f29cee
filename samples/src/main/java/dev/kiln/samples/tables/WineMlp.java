package dev.kiln.samples.tables;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Scheme;

/** A small classifier for the 13 chemical measurements of the UCI wine table (3 cultivars). */
@Model(input = 13, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class WineMlp {
    @Dense(units = 32, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.KAIMING_NORMAL))
    Layer hidden;

    @Dense(units = 3)
    Layer logits;
}
