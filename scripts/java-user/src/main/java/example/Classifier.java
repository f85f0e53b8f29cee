package example;

import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Dropout;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Maxout;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.PRelu;

/**
 * A Fashion-MNIST classifier with every kind of state a checkpoint must carry: batch norm's running
 * statistics, dropout's random generator, a learned PReLU slope; and maxout, which ONNX export spells
 * with two operators.
 */
@Model(input = 784, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public class Classifier {
    @Dense(units = 256) Layer fc1;
    @BatchNorm Layer bn1;
    @Maxout Layer max1;
    @Dense(units = 64) Layer fc2;
    @PRelu Layer act2;
    @Dropout(rate = 0.2) Layer drop;
    @Dense(units = 10) Layer logits;
}
