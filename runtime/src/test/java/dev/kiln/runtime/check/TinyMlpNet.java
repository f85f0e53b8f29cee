package dev.kiln.runtime.check;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.dsl.Scheme;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBuffer;
import dev.kiln.runtime.TrainingRandomness;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.init.SeedStreams;
import dev.kiln.runtime.kernels.Activations;
import dev.kiln.runtime.kernels.DenseKernel;
import dev.kiln.runtime.kernels.DropoutKernel;
import dev.kiln.runtime.kernels.Losses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * A hand-written KilnNet, the shape of what the processor generates: dense → tanh → dropout →
 * dense → softmax cross-entropy. {@code fc2.W}'s gradient can be scaled by a deliberate bug factor,
 * and the net can be told to ignore freezeRandomness, to show what GradCheck catches.
 */
final class TinyMlpNet implements KilnNet {
    private final DataType dataType;
    private final double dropoutRate;
    private final double fc2WeightGradientBug;
    private final boolean ignoresFreeze;
    private final TrainingRandomness randomness;

    private final Parameter fc1W;
    private final Parameter fc1b;
    private final Parameter fc2W;
    private final Parameter fc2b;

    private INDArray z1;
    private INDArray a1;
    private INDArray mask;
    private INDArray d1;
    private INDArray z2;
    private INDArray dz2;
    private INDArray dd1;
    private INDArray dz1;
    private boolean frozen;
    boolean everFrozen;

    TinyMlpNet(DataType dataType, int in, int hidden, int out, double dropoutRate, double fc2WeightGradientBug,
               boolean ignoresFreeze) {
        this.dataType = dataType;
        this.dropoutRate = dropoutRate;
        this.fc2WeightGradientBug = fc2WeightGradientBug;
        this.ignoresFreeze = ignoresFreeze;
        SeedStreams streams = new SeedStreams(2024);
        this.randomness = new TrainingRandomness(streams.seedFor("drop1.mask"));
        InitSpec xavier = InitSpec.of(Scheme.XAVIER_NORMAL).withGain(1.0);
        InitSpec smallBias = InitSpec.normal(0, 0.1);
        fc1W = parameter("fc1", "W", Parameter.Kind.WEIGHT, xavier, new long[]{in, hidden}, streams);
        fc1b = parameter("fc1", "b", Parameter.Kind.BIAS, smallBias, new long[]{hidden}, streams);
        fc2W = parameter("fc2", "W", Parameter.Kind.WEIGHT, xavier, new long[]{hidden, out}, streams);
        fc2b = parameter("fc2", "b", Parameter.Kind.BIAS, smallBias, new long[]{out}, streams);
    }

    static TinyMlpNet correct(DataType dataType) {
        return new TinyMlpNet(dataType, 6, 5, 3, 0.3, 1.0, false);
    }

    private Parameter parameter(String layer, String role, Parameter.Kind kind, InitSpec spec, long[] shape,
                                SeedStreams streams) {
        INDArray value = Initializers.create(spec, shape, dataType, streams.forParameter(layer + "." + role));
        return new Parameter(layer, role, kind, value, value.ulike().assign(0));
    }

    private void allocate(long n) {
        if (z1 == null || z1.size(0) != n) {
            z1 = Nd4j.create(dataType, n, fc1W.value().size(1));
            a1 = z1.ulike();
            mask = z1.ulike();
            d1 = z1.ulike();
            dd1 = z1.ulike();
            dz1 = z1.ulike();
            z2 = Nd4j.create(dataType, n, fc2W.value().size(1));
            dz2 = z2.ulike();
        }
    }

    @Override
    public ModelGraph graph() {
        throw new UnsupportedOperationException("hand-written test net has no IR");
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public INDArray forward(INDArray features) {
        allocate(features.size(0));
        DenseKernel.forward(features, fc1W.value(), fc1b.value(), ActivationFunction.of(Activation.TANH), z1, a1);
        DenseKernel.forward(a1, fc2W.value(), fc2b.value(), z2);
        return z2;
    }

    @Override
    public double loss(INDArray features, INDArray targets) {
        return Losses.loss(Loss.SOFTMAX_CROSS_ENTROPY, forward(features), targets);
    }

    @Override
    public double computeGradients(INDArray features, INDArray targets) {
        allocate(features.size(0));
        ActivationFunction tanh = ActivationFunction.of(Activation.TANH);
        DenseKernel.forward(features, fc1W.value(), fc1b.value(), tanh, z1, a1);
        Random random = randomness.begin();
        DropoutKernel.drawMask(dropoutRate, mask, random);
        DropoutKernel.apply(a1, mask, d1);
        DenseKernel.forward(d1, fc2W.value(), fc2b.value(), z2);
        double loss = Losses.lossAndGradient(Loss.SOFTMAX_CROSS_ENTROPY, z2, targets, dz2);

        DenseKernel.backward(d1, fc2W.value(), dz2, dd1, fc2W.gradient(), fc2b.gradient());
        fc2W.gradient().muli(fc2WeightGradientBug);
        DropoutKernel.backward(dd1, mask, dd1);
        Activations.backward(tanh, z1, a1, dd1, dz1);
        DenseKernel.backward(features, fc1W.value(), dz1, null, fc1W.gradient(), fc1b.gradient());
        randomness.end();
        return loss;
    }

    @Override
    public INDArray trainingOutput() {
        return z2;
    }

    @Override
    public List<StateBuffer> stateBuffers() {
        return List.of(new StateBuffer(StateBuffer.RANDOM_GENERATOR, "state", randomness.state()));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(fc1W, fc1b, fc2W, fc2b);
    }

    @Override
    public void freezeRandomness(boolean frozen) {
        this.frozen = frozen;
        everFrozen |= frozen;
        randomness.freeze(frozen && !ignoresFreeze);
    }

    boolean isFrozen() {
        return frozen;
    }

    @Override
    public String summary() {
        return "TinyMlpNet: dense-tanh-dropout-dense, softmax cross-entropy";
    }
}
