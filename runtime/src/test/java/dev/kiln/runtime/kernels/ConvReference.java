package dev.kiln.runtime.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Plain-loop convolution and pooling, the definitions the libnd4j-backed kernels are checked against. */
final class ConvReference {
    private ConvReference() {
    }

    /** y[n,o,p,q] = b[o] + Σ_{c in o's group, i, j} w[o,c,i,j] · x[n, g·Cg + c, p·sH − pH + i·dH, q·sW − pW + j·dW]. */
    static INDArray conv(INDArray x, INDArray w, INDArray b, Conv2dGeometry g) {
        int n = (int) x.size(0);
        int h = (int) x.size(2);
        int wd = (int) x.size(3);
        int outC = (int) w.size(0);
        int inPerGroup = (int) w.size(1);
        int outPerGroup = outC / g.groups();
        int oh = (h + 2 * g.padH() - g.dilationH() * (g.kH() - 1) - 1) / g.strideH() + 1;
        int ow = (wd + 2 * g.padW() - g.dilationW() * (g.kW() - 1) - 1) / g.strideW() + 1;
        INDArray y = Nd4j.create(DataType.DOUBLE, n, outC, oh, ow);
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outC; o++) {
                int group = o / outPerGroup;
                for (int p = 0; p < oh; p++) {
                    for (int q = 0; q < ow; q++) {
                        double sum = b == null ? 0.0 : b.getDouble(o);
                        for (int c = 0; c < inPerGroup; c++) {
                            for (int i = 0; i < g.kH(); i++) {
                                for (int j = 0; j < g.kW(); j++) {
                                    int row = p * g.strideH() - g.padH() + i * g.dilationH();
                                    int col = q * g.strideW() - g.padW() + j * g.dilationW();
                                    if (row >= 0 && row < h && col >= 0 && col < wd) {
                                        sum += w.getDouble(o, c, i, j) * x.getDouble(s, group * inPerGroup + c, row, col);
                                    }
                                }
                            }
                        }
                        y.putScalar(new long[]{s, o, p, q}, sum);
                    }
                }
            }
        }
        return y;
    }

    /** Max over each window's real elements, or the sum over them divided by kH·kW. */
    static INDArray pool(INDArray x, Pool2dGeometry g, boolean max) {
        int n = (int) x.size(0);
        int channels = (int) x.size(1);
        int h = (int) x.size(2);
        int wd = (int) x.size(3);
        int oh = (h + 2 * g.padH() - g.kH()) / g.strideH() + 1;
        int ow = (wd + 2 * g.padW() - g.kW()) / g.strideW() + 1;
        INDArray y = Nd4j.create(DataType.DOUBLE, n, channels, oh, ow);
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < oh; p++) {
                    for (int q = 0; q < ow; q++) {
                        double best = Double.NEGATIVE_INFINITY;
                        double sum = 0;
                        for (int i = 0; i < g.kH(); i++) {
                            for (int j = 0; j < g.kW(); j++) {
                                int row = p * g.strideH() - g.padH() + i;
                                int col = q * g.strideW() - g.padW() + j;
                                if (row >= 0 && row < h && col >= 0 && col < wd) {
                                    double v = x.getDouble(s, c, row, col);
                                    best = Math.max(best, v);
                                    sum += v;
                                }
                            }
                        }
                        y.putScalar(new long[]{s, c, p, q}, max ? best : sum / (g.kH() * g.kW()));
                    }
                }
            }
        }
        return y;
    }

    static double maxAbsDifference(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
