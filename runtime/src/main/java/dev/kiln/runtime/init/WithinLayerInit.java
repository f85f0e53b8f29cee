package dev.kiln.runtime.init;

import dev.kiln.runtime.Layerwise;
import dev.kiln.runtime.WeightLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Within-layer data-dependent initialization (Krähenbühl et al. 2016; reference §5): on one batch,
 * layer by layer in forward order, with Y = XW + b and per output feature j its mean μ_j and
 * (population) std σ_j, set W[:, j] ← W[:, j] / σ_j and b_j ← (b_j − μ_j) / σ_j. Every feature of
 * the pre-activation then has mean 0 and std 1 on that batch. (The notes' b = −μ/σ gets this only
 * when b = 0 before.) A feature with σ_j ≈ 0 is left as it is and counted in the report; a layer
 * without bias is scaled but cannot be centred.
 */
public final class WithinLayerInit {
    private WithinLayerInit() {
    }

    public static WithinLayerReport initialize(Layerwise net, INDArray batch) {
        List<WithinLayerReport.Layer> results = new ArrayList<>();
        List<WeightLayer> layers = net.weightLayers();
        for (int i = 0; i < layers.size(); i++) {
            WeightLayer layer = layers.get(i);
            INDArray z = net.preActivation(batch, i);
            double[] means = PreActivationStatistics.featureMeans(z);
            double[] stds = PreActivationStatistics.featureStds(z);
            double[] scale = new double[stds.length];
            double[] shift = new double[stds.length];
            int constant = 0;
            for (int j = 0; j < stds.length; j++) {
                if (!Double.isFinite(stds[j]) || !Double.isFinite(means[j])) {
                    throw new InitializationException(layer.name(), "within-layer init: feature " + j + " of layer '" + layer.name()
                            + "' has mean " + means[j] + " and std " + stds[j] + " on the batch; the signal overflowed before it");
                }
                boolean flat = stds[j] <= Lsuv.MIN_STD;
                constant += flat ? 1 : 0;
                scale[j] = flat ? 1.0 : 1.0 / stds[j];
                shift[j] = flat ? 0.0 : means[j];
            }
            INDArray scaleRow = Nd4j.createFromArray(scale).castTo(layer.dataType());
            layer.scaleUnits(scaleRow);
            INDArray bias = layer.bias();
            if (bias != null) {
                INDArray shiftRow = Nd4j.createFromArray(shift).castTo(bias.dataType());
                bias.subi(shiftRow).muli(scaleRow);
            }
            results.add(new WithinLayerReport.Layer(layer.name(), stds.length, constant, layer.hasBias()));
        }
        return new WithinLayerReport(results);
    }
}
