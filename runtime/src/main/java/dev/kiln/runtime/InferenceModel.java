package dev.kiln.runtime;

import dev.kiln.ir.ModelGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What inference needs of a model: its IR, its data type, the forward pass and the loss. Every
 * {@link KilnNet} is one, and so is the inference snapshot a generated model's
 * {@code freezeForInference()} returns (batch norm folded in, weights copied). Evaluation takes either.
 *
 * <p>Arrays returned by {@link #forward} are buffers owned by the model: the next call overwrites them.
 * Call {@code dup()} on one to keep it.
 */
public interface InferenceModel {

    /** The model's IR: layers, shapes, loss. */
    ModelGraph graph();

    /** float32 unless the model was created for float64. */
    DataType dataType();

    /** Inference: dropout off, batch norm from its running statistics. Returns the output of the last layer (logits for the logit losses). */
    INDArray forward(INDArray features);

    /** Inference-mode loss of a batch. */
    double loss(INDArray features, INDArray targets);
}
