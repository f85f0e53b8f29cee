package dev.kiln.samples.transfer;

import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;

/**
 * The target model of the transfer sample: {@link FashionHalfMlp}'s backbone under a new head, named
 * apart from the source's {@code logits}, for the other five classes.
 */
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class FashionTransferMlp extends FashionBackbone {
    @Dense(units = 5)
    Layer head;
}
