package example;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.ActivationLayer;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;

/** A Fashion-MNIST classifier with every kind of state a checkpoint must carry: batch norm, dropout. */
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class Classifier {
    @Dense(units = 128) Layer fc1;
    @BatchNorm Layer bn1;
    @ActivationLayer(Activation.RELU) Layer relu1;
    @Dropout(rate = 0.2) Layer drop;
    @Dense(units = 10) Layer logits;
}
