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
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * A hand-written stand-in for a generated model: softmax regression {@code logits = x W + b} with
 * softmax cross-entropy, in float64, with zero-initialised parameters.
 */
final class SoftmaxRegressionNet implements KilnNet {
    private final ModelGraph graph;
    private final INDArray weights;
    private final INDArray bias;
    private final INDArray weightGradient;
    private final INDArray biasGradient;
    private INDArray trainingOutput;
    private int forwardCalls;

    SoftmaxRegressionNet(int inputs, int classes) {
        graph = ModelGraph.chain("SoftmaxRegression", Shape.of(inputs), Loss.SOFTMAX_CROSS_ENTROPY,
                new DenseSpec("out", classes, true, ActivationFunction.IDENTITY, InitSpec.of(Scheme.ZEROS),
                        InitSpec.of(Scheme.ZEROS)));
        weights = Nd4j.zeros(DataType.DOUBLE, inputs, classes);
        bias = Nd4j.zeros(DataType.DOUBLE, 1, classes);
        weightGradient = Nd4j.zeros(DataType.DOUBLE, inputs, classes);
        biasGradient = Nd4j.zeros(DataType.DOUBLE, 1, classes);
    }

    INDArray weights() {
        return weights;
    }

    /** How many inference forward passes ran, {@link #loss} included. */
    int forwardCalls() {
        return forwardCalls;
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
        forwardCalls++;
        return features.mmul(weights).addiRowVector(bias);
    }

    @Override
    public double loss(INDArray features, INDArray targets) {
        return crossEntropy(forward(features), targets);
    }

    @Override
    public double computeGradients(INDArray features, INDArray targets) {
        INDArray logits = forward(features);
        double loss = crossEntropy(logits, targets);
        // d mean_n CE / d logits = (softmax - y) / N
        INDArray delta = softmax(logits).subi(targets).divi(features.size(0));
        weightGradient.assign(features.transpose().mmul(delta));
        biasGradient.assign(delta.sum(true, 0));
        trainingOutput = logits;
        return loss;
    }

    private static INDArray softmax(INDArray logits) {
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray exp = Transforms.exp(shifted, false);
        return exp.diviColumnVector(exp.sum(true, 1));
    }

    /** mean_n [logsumexp(h_n) - sum_j y_nj h_nj], with the max subtracted before exponentiating. */
    private static double crossEntropy(INDArray logits, INDArray targets) {
        INDArray max = logits.max(true, 1);
        INDArray lse = Transforms.log(Transforms.exp(logits.subColumnVector(max), false).sum(true, 1), false).addi(max);
        INDArray picked = logits.mul(targets).sum(true, 1);
        return lse.subi(picked).meanNumber().doubleValue();
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
        return List.of(new Parameter("out", "W", Parameter.Kind.WEIGHT, weights, weightGradient),
                new Parameter("out", "b", Parameter.Kind.BIAS, bias, biasGradient));
    }

    @Override
    public void freezeRandomness(boolean frozen) {
        // No dropout: nothing random to freeze.
    }

    @Override
    public String summary() {
        return graph.name() + ": softmax regression";
    }
}
