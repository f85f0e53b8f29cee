package dev.kiln.bench;

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

/**
 * The DL4J MultiLayerNetwork identical to {@link BenchMlp}: two ReLU dense layers and a softmax
 * output layer with MCXENT (mean cross-entropy), float32, plain SGD, DL4J's default workspace mode.
 */
final class Dl4jMlp {
    /** Layer widths, input first. */
    static final int[] WIDTHS = {784, 1024, 1024, 10};

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

    /**
     * Copies Kiln's parameters into the DL4J network. Both store a dense W as [nIn, nOut]; DL4J's
     * bias is a [1, nOut] row where Kiln's is [nOut].
     */
    static void copyWeights(BenchMlpNet kiln, MultiLayerNetwork dl4j) {
        dl4j.getLayer(0).setParam("W", kiln.fc1W);
        dl4j.getLayer(0).setParam("b", kiln.fc1B.reshape(1, WIDTHS[1]));
        dl4j.getLayer(1).setParam("W", kiln.fc2W);
        dl4j.getLayer(1).setParam("b", kiln.fc2B.reshape(1, WIDTHS[2]));
        dl4j.getLayer(2).setParam("W", kiln.logitsW);
        dl4j.getLayer(2).setParam("b", kiln.logitsB.reshape(1, WIDTHS[3]));
    }
}
