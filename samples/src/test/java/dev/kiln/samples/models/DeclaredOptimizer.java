package dev.kiln.samples.models;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Dense;
import dev.kiln.dsl.Layer;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.dsl.OptimizerType;
import dev.kiln.dsl.ScheduleType;
import dev.kiln.dsl.Training;

/** A model that declares AdamW with clipping and warmup into cosine decay as its default optimizer. */
@Model(input = 5, loss = Loss.SOFTMAX_CROSS_ENTROPY,
       training = @Training(optimizer = OptimizerType.ADAMW, learningRate = 0.01, weightDecay = 0.01, clipGlobalNorm = 5,
                            schedule = ScheduleType.COSINE, warmupSteps = 5, horizonSteps = 100))
public class DeclaredOptimizer {
    @Dense(units = 16, activation = Activation.RELU) Layer hidden;
    @Dense(units = 3) Layer logits;
}
