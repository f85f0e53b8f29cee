package dev.kiln.samples.transfer;

import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;

/** The source model of the transfer sample: the backbone and a head for the first five Fashion-MNIST classes. */
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class FashionHalfMlp extends FashionBackbone {
    @Dense(units = 5)
    Layer logits;
}
