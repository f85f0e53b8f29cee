package dev.kiln.bench;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

/**
 * The DL4J MultiLayerNetwork identical to {@link BenchCnn}: flat 784 input reshaped to [1, 28, 28]
 * (DL4J's convolutionalFlat input type, c order like Kiln's Reshape), 3x3 convolutions with padding
 * 1 and no bias (four of them, in three stages), batch normalization (eps 1e-5, decay 0.9 as Kiln's defaults; variance stored as
 * such, not as log10 std), ReLU activation layers, 2x2 max pooling, a 256-unit ReLU dense layer after DL4J's
 * CNN-to-dense flattening (c order, as Kiln's Flatten), a softmax output layer with MCXENT; float32,
 * plain SGD, DL4J's default workspace mode. Conv weights are [out, in, kH, kW] in both.
 */
final class Dl4jCnn {
    /** DL4J layer index of each Kiln layer that has parameters. */
    private static final Map<String, Integer> LAYERS = Map.of(
            "conv1", 0, "bn1", 1, "conv2", 4, "bn2", 5, "conv3", 8, "bn3", 9, "conv4", 11, "bn4", 12,
            "fc", 15, "logits", 16);

    private Dl4jCnn() {
    }

    /** A freshly initialised float32 network; {@code helpers} turns DL4J's oneDNN layer helpers on (see {@link Dl4jHelpers}). */
    static MultiLayerNetwork create(double learningRate, long seed, boolean helpers) {
        return create(learningRate, seed, helpers, DataType.FLOAT);
    }

    /** As {@link #create(double, long, boolean)} in the given data type. */
    static MultiLayerNetwork create(double learningRate, long seed, boolean helpers, DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(type)
                .updater(new Sgd(learningRate))
                .weightInit(WeightInit.RELU)
                .list()
                .layer(conv(32))
                .layer(batchNorm())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(conv(64))
                .layer(batchNorm())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(conv(128))
                .layer(batchNorm())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(conv(128))
                .layer(batchNorm())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        return Dl4jHelpers.build(helpers, () -> {
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            return net;
        });
    }

    /** Where each of {@link BenchCnnNet}'s parameters is in the DL4J network. */
    static Dl4jParam param(Parameter p) {
        Integer layer = LAYERS.get(p.layer());
        if (layer == null) {
            throw new IllegalStateException("no DL4J layer for " + p.name());
        }
        return new Dl4jParam(layer, p.role());
    }

    /** Copies Kiln's parameters into the DL4J network (running statistics start equal: mean 0, variance 1). */
    static void copyWeights(KilnNet kiln, MultiLayerNetwork dl4j) {
        Dl4jParam.copyAll(kiln, dl4j, Dl4jCnn::param);
    }

    private static ConvolutionLayer conv(int filters) {
        return new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nOut(filters).hasBias(false)
                .activation(Activation.IDENTITY).build();
    }

    private static BatchNormalization batchNorm() {
        return new BatchNormalization.Builder().eps(1e-5).decay(0.9).useLogStd(false).build();
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }
}
