package dev.kiln.samples.transfer;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Scheme;

/**
 * The two hidden layers the transfer sample's models share: a model reads its superclass's layers
 * first, so both have fc1 and fc2 with the same names and shapes, and one's weights load into the
 * other's by name.
 */
public abstract class FashionBackbone {
    @Dense(units = 256, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.KAIMING_NORMAL))
    Layer fc1;

    @Dense(units = 128, activation = Activation.RELU, weightInit = @Init(scheme = Scheme.KAIMING_NORMAL))
    Layer fc2;
}
