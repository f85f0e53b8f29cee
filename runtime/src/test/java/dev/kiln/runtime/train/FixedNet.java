package dev.kiln.runtime.train;

import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Shape;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in model whose own calls create no ND4J array once it has seen a batch size: the loss is
 * fixed, the gradients are fixed finite arrays, and the output for each batch size is one array made
 * on first sight. Whatever a training run with it creates after that is the trainer's.
 */
final class FixedNet implements KilnNet {
    private final ModelGraph graph;
    private final int classes;
    private final List<Parameter> parameters;
    private final Map<Long, INDArray> outputs = new HashMap<>();
    private INDArray trainingOutput;

    FixedNet(int inputs, int classes) {
        this.classes = classes;
        graph = ModelGraph.chain("Fixed", Shape.of(inputs), Loss.SOFTMAX_CROSS_ENTROPY,
                new DenseSpec("out", classes, true, ActivationFunction.IDENTITY, InitSpec.of(Scheme.ZEROS),
                        InitSpec.of(Scheme.ZEROS)));
        parameters = List.of(
                new Parameter("out", "W", Parameter.Kind.WEIGHT, Nd4j.zeros(DataType.DOUBLE, inputs, classes),
                        Nd4j.rand(DataType.DOUBLE, inputs, classes)),
                new Parameter("out", "b", Parameter.Kind.BIAS, Nd4j.zeros(DataType.DOUBLE, 1, classes),
                        Nd4j.rand(DataType.DOUBLE, 1, classes)));
    }

    @Override
    public ModelGraph graph() {
        return graph;
    }

    @Override
    public DataType dataType() {
        return DataType.DOUBLE;
    }

    @Override
    public INDArray forward(INDArray features) {
        return outputs.computeIfAbsent(features.size(0), n -> Nd4j.rand(DataType.DOUBLE, n, classes));
    }

    @Override
    public double loss(INDArray features, INDArray targets) {
        return 0.5;
    }

    @Override
    public double computeGradients(INDArray features, INDArray targets) {
        trainingOutput = forward(features);
        return 0.5;
    }

    @Override
    public INDArray trainingOutput() {
        return trainingOutput;
    }

    @Override
    public List<StateBuffer> stateBuffers() {
        return List.of();
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public void freezeRandomness(boolean frozen) {
        // Nothing random.
    }

    @Override
    public String summary() {
        return graph.name() + ": fixed outputs and gradients";
    }
}
