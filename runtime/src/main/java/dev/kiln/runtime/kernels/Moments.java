package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mean and a variance per statistics group: batch norm's running statistics or those of the last
 * training batch ([C]), or layer, group and instance norm's per example ([N], [N, G], [N, C]).
 */
public record Moments(INDArray mean, INDArray variance) {
}
