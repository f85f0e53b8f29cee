package dev.kiln.bench;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.Function;

/** Where a Kiln parameter lives in the equivalent DL4J network: the layer's index and the parameter's key. */
record Dl4jParam(int layer, String key) {

    /** DL4J's name for the parameter in a {@code Gradient}, e.g. "0_W". */
    String gradientKey() {
        return layer + "_" + key;
    }

    /** The parameter's array in the network (a view of DL4J's flat parameter vector). */
    INDArray in(MultiLayerNetwork net) {
        return net.getLayer(layer).getParam(key);
    }

    /**
     * Copies every Kiln parameter into its DL4J counterpart, element for element in c order
     * (shapes may differ only by DL4J's leading 1, as for a [1, out] bias).
     */
    static void copyAll(KilnNet kiln, MultiLayerNetwork dl4j, Function<Parameter, Dl4jParam> names) {
        for (Parameter p : kiln.parameters()) {
            INDArray theirs = names.apply(p).in(dl4j);
            if (theirs.length() != p.value().length()) {
                throw new IllegalStateException(p.name() + " has " + p.value().length() + " values, DL4J's "
                        + names.apply(p) + " " + theirs.length());
            }
            theirs.assign(p.value().reshape('c', theirs.shape()));
        }
    }
}
