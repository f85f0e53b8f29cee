package dev.kiln.runtime;

import dev.kiln.dsl.Loss;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Shape;
import dev.kiln.ir.ShapeInference;
import dev.kiln.runtime.kernels.BatchNormKernel;
import dev.kiln.runtime.kernels.FeatureLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Validates features and targets against a model's IR before any kernel runs, so a wrong shape
 * fails with the model and layer named rather than deep inside a native matrix product.
 */
public final class InputCheck {
    private final ModelGraph graph;
    private final DataType dataType;
    private final Shape output;

    public InputCheck(ModelGraph graph, DataType dataType) {
        this.graph = graph;
        this.dataType = dataType;
        this.output = ShapeInference.infer(graph).output();
    }

    /** Throws unless {@code features} is {@code [n, input...]} with n >= 1, in the model's data type. */
    public void features(INDArray features) {
        if (features.dataType() != dataType) {
            throw new ModelInputException(graph.name() + " computes in " + dataType + " but the features are "
                    + features.dataType() + "; convert them with castTo(DataType." + dataType + ")");
        }
        if (!fits(features, graph.input())) {
            throw new ModelInputException(graph.name() + ": layer '" + graph.nodes().get(0).name()
                    + "' expects input " + graph.input() + " but got " + shape(features));
        }
    }

    /**
     * Throws unless {@code targets} is {@code [n, output...]} with the batch size of the features, in the model's data type,
     * holding values the loss accepts ({@link TargetCheck}: probability rows for softmax cross-entropy, [0, 1] for BCE).
     */
    public void targets(INDArray features, INDArray targets) {
        targets(features, targets, "of the batch");
    }

    /** As {@link #targets(INDArray, INDArray)}; {@code where} says what the rows count in messages, e.g. {@code "of the training data"}. */
    public void targets(INDArray features, INDArray targets, String where) {
        if (targets.dataType() != dataType) {
            throw new ModelInputException(graph.name() + " computes in " + dataType + " but the targets are "
                    + targets.dataType() + "; convert them with castTo(DataType." + dataType + ")");
        }
        if (!fits(targets, output) || targets.size(0) != features.size(0)) {
            throw new ModelInputException(graph.name() + ": loss " + graph.loss() + " after layer '"
                    + graph.outputNode().name() + "' expects targets " + output.toString().replace("n,", features.size(0) + ",")
                    + " but got " + shape(targets) + classIndexHint(targets));
        }
        TargetCheck.check(graph.name(), graph.loss(), targets, where);
    }

    /** For [n] or [n, 1] targets of a loss over classes: they look like class indices, which need one-hot rows. */
    private String classIndexHint(INDArray targets) {
        boolean indices = targets.rank() == 1 || targets.rank() == 2 && targets.size(1) == 1;
        boolean classes = graph.loss() == Loss.SOFTMAX_CROSS_ENTROPY || graph.loss() == Loss.MULTICLASS_HINGE;
        return indices && classes && output.rank() == 1
                ? "; these look like class indices, and " + graph.loss() + " takes one-hot rows: convert them with"
                + " OneHot.encode(classIndices, " + output.dim(0) + ", DataType." + dataType + ")"
                : "";
    }

    /**
     * Batch norm in training needs more than one value per channel; refuses a batch that has one,
     * naming the model and the layer, before the kernel divides by zero.
     */
    public void batchStatistics(String layer, INDArray input) {
        batchStatistics(layer, input, FeatureLayout.NCHW);
    }

    /** As {@link #batchStatistics(String, INDArray)} for a 4-D input in {@code layout}. */
    public void batchStatistics(String layer, INDArray input, FeatureLayout layout) {
        long perChannel = BatchNormKernel.valuesPerChannel(layout, input);
        if (perChannel < 2) {
            throw new ModelInputException(graph.name() + ": batch norm '" + layer + "' needs more than one value per channel in training but "
                    + "gets input " + shape(input) + "; train with batches of two or more, or use LayerNorm or GroupNorm, "
                    + "which do not depend on the batch");
        }
    }

    private static boolean fits(INDArray array, Shape shape) {
        long[] expected = shape.withBatch(array.rank() > 0 ? array.size(0) : -1);
        return array.rank() == expected.length && array.size(0) >= 1 && Arrays.equals(array.shape(), expected);
    }

    /** An array's shape written like the model's shapes ({@code [32,784]} next to {@code [n,784]}), so the two read alike. */
    private static String shape(INDArray array) {
        return Arrays.stream(array.shape()).mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
