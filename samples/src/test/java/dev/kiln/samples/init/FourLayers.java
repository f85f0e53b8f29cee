package dev.kiln.samples.init;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.Scheme;

/** {@link ThreeLayers} with a fourth layer at the end. */
@Model(input = 12, loss = Loss.MEAN_SQUARED_ERROR)
public class FourLayers {
    @Dense(units = 16, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.ORTHOGONAL, gain = 1.4142135623730951),
           biasInit = @Init(scheme = Scheme.UNIFORM, low = -0.1, high = 0.1)) Layer first;
    @Dense(units = 16, activation = Activation.TANH, weightInit = @Init(scheme = Scheme.TRUNCATED_NORMAL, std = 0.25)) Layer second;
    @Dense(units = 8, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.SPARSE, sparsity = 0.25, std = 0.4)) Layer third;
    @Dense(units = 3) Layer added;
}
