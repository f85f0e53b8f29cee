package dev.kiln.bench;

import dev.kiln.runtime.Parameter;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * The DL4J MultiLayerNetwork identical to {@link BenchMlp}: two ReLU dense layers and a softmax
 * output layer with MCXENT (mean cross-entropy), float32, plain SGD, DL4J's default workspace mode.
 */
final class Dl4jMlp {
    /** Layer widths, input first. */
    static final int[] WIDTHS = {784, 1024, 1024, 10};
    private static final List<String> LAYERS = List.of("fc1", "fc2", "logits");

    private Dl4jMlp() {
    }

    /** A freshly initialised network (DL4J's own weight init); call {@link #copyWeights} to align it with Kiln. */
    static MultiLayerNetwork create(double learningRate, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Sgd(learningRate))
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new DenseLayer.Builder().nIn(WIDTHS[0]).nOut(WIDTHS[1]).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(WIDTHS[1]).nOut(WIDTHS[2]).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(WIDTHS[2]).nOut(WIDTHS[3]).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Where each of {@link BenchMlpNet}'s parameters is in the DL4J network: layer fc1, fc2, logits at 0, 1, 2. */
    static Dl4jParam param(Parameter p) {
        int layer = LAYERS.indexOf(p.layer());
        if (layer < 0) {
            throw new IllegalStateException("no DL4J layer for " + p.name());
        }
        return new Dl4jParam(layer, p.role());
    }

    /**
     * Copies Kiln's parameters into the DL4J network. Both store a dense W as [nIn, nOut]; DL4J's
     * bias is a [1, nOut] row where Kiln's is [nOut].
     */
    static void copyWeights(BenchMlpNet kiln, MultiLayerNetwork dl4j) {
        Dl4jParam.copyAll(kiln, dl4j, Dl4jMlp::param);
    }
}
