package dev.kiln.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * DL4J's layer helpers: classes that hand its convolution, batch norm and pooling layers to oneDNN
 * (MKL-DNN) on the CPU. DL4J 1.0.0-M2.1 creates them only when the system property
 * {@value #DISABLE_PROPERTY} is "false" (its default is "true"), and then only if its oneDNN check
 * passes, which needs the stand-in {@link org.nd4j.nativeblas.Nd4jCpu}. The property is read when a
 * layer is built, so networks built inside {@link #build} get helpers and others do not.
 */
final class Dl4jHelpers {
    static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private Dl4jHelpers() {
    }

    /** Builds a network with DL4J's helpers on or off, restoring the property afterwards. */
    static synchronized MultiLayerNetwork build(boolean helpers, Supplier<MultiLayerNetwork> factory) {
        String before = System.getProperty(DISABLE_PROPERTY);
        System.setProperty(DISABLE_PROPERTY, Boolean.toString(!helpers));
        try {
            return factory.get();
        } finally {
            if (before == null) {
                System.clearProperty(DISABLE_PROPERTY);
            } else {
                System.setProperty(DISABLE_PROPERTY, before);
            }
        }
    }

    /** The layers that got a helper, e.g. "0:MKLDNNConvHelper", or "none". */
    static String inUse(MultiLayerNetwork net) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            Object helper = null;
            if (layer instanceof ConvolutionLayer conv) {
                helper = conv.getHelper();
            } else if (layer instanceof BatchNormalization bn) {
                helper = bn.getHelper();
            } else if (layer instanceof SubsamplingLayer pool) {
                helper = pool.getHelper();
            }
            if (helper != null) {
                names.add(i + ":" + helper.getClass().getSimpleName());
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
