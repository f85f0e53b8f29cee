package dev.kiln.samples.state;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * The inference forward pass of {@link StateModels}' models, computed element by element in Java
 * from the models' public parameter and running-statistic fields as they are at the call: no Kiln
 * kernel, no fold. What {@code forward} must return.
 */
final class UnfoldedReference {
    private static final double EPS = 1e-5;

    private UnfoldedReference() {
    }

    static INDArray denseBn(StateModels_DenseBnNet net, INDArray x) {
        double[][] a = dense(rows(x), net.fc1W, null);
        a = batchNorm(a, net.bn1Gamma, net.bn1Beta, net.bn1RunningMean, net.bn1RunningVar);
        a = apply(a, v -> Math.max(v, 0));
        a = apply(dense(a, net.fc2W, net.fc2B), Math::tanh);
        a = batchNorm(a, net.bn2Gamma, net.bn2Beta, net.bn2RunningMean, net.bn2RunningVar);
        return Nd4j.create(dense(a, net.logitsW, net.logitsB));
    }

    /** tanh(conv0), then conv, bn, relu, flattened in NCHW order, and the logits; 3x3 convolutions with padding 1 on 5x5 maps. */
    static INDArray convBn(StateModels_ConvBnNet net, INDArray x) {
        int n = (int) x.size(0);
        double[][][][] input = new double[n][(int) x.size(1)][5][5];
        for (int e = 0; e < n; e++) {
            for (int c = 0; c < input[e].length; c++) {
                for (int h = 0; h < 5; h++) {
                    for (int w = 0; w < 5; w++) {
                        input[e][c][h][w] = x.getDouble(e, c, h, w);
                    }
                }
            }
        }
        double[][][][] hidden = convolve(input, net.conv0W, net.conv0B);
        double[][][][] z = convolve(map(hidden, Math::tanh), net.convW, net.convB);
        int channels = z[0].length;
        double[][] flat = new double[n][channels * 25];
        for (int e = 0; e < n; e++) {
            for (int o = 0; o < channels; o++) {
                double gamma = net.bnGamma.getDouble(o);
                double beta = net.bnBeta.getDouble(o);
                double mean = net.bnRunningMean.getDouble(o);
                double scale = Math.sqrt(net.bnRunningVar.getDouble(o) + EPS);
                for (int h = 0; h < 5; h++) {
                    for (int w = 0; w < 5; w++) {
                        flat[e][o * 25 + h * 5 + w] = Math.max(gamma * (z[e][o][h][w] - mean) / scale + beta, 0);
                    }
                }
            }
        }
        return Nd4j.create(dense(flat, net.logitsW, net.logitsB));
    }

    private static double[][][][] convolve(double[][][][] x, INDArray weights, INDArray bias) {
        int outChannels = (int) weights.size(0);
        double[][][][] out = new double[x.length][outChannels][5][5];
        for (int e = 0; e < x.length; e++) {
            for (int o = 0; o < outChannels; o++) {
                for (int h = 0; h < 5; h++) {
                    for (int w = 0; w < 5; w++) {
                        double z = bias.getDouble(o);
                        for (int c = 0; c < x[e].length; c++) {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 3; j++) {
                                    int hh = h + i - 1;
                                    int ww = w + j - 1;
                                    if (hh >= 0 && hh < 5 && ww >= 0 && ww < 5) {
                                        z += x[e][c][hh][ww] * weights.getDouble(o, c, i, j);
                                    }
                                }
                            }
                        }
                        out[e][o][h][w] = z;
                    }
                }
            }
        }
        return out;
    }

    private static double[][][][] map(double[][][][] x, DoubleUnaryOperator f) {
        double[][][][] out = new double[x.length][][][];
        for (int e = 0; e < x.length; e++) {
            out[e] = new double[x[e].length][][];
            for (int c = 0; c < x[e].length; c++) {
                out[e][c] = apply(x[e][c], f);
            }
        }
        return out;
    }

    private static double[][] rows(INDArray x) {
        return x.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private static double[][] dense(double[][] x, INDArray w, INDArray b) {
        double[][] out = new double[x.length][(int) w.size(1)];
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < out[r].length; j++) {
                double sum = b == null ? 0 : b.getDouble(j);
                for (int i = 0; i < x[r].length; i++) {
                    sum += x[r][i] * w.getDouble(i, j);
                }
                out[r][j] = sum;
            }
        }
        return out;
    }

    private static double[][] batchNorm(double[][] x, INDArray gamma, INDArray beta, INDArray mean, INDArray variance) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = new double[x[r].length];
            for (int j = 0; j < x[r].length; j++) {
                out[r][j] = gamma.getDouble(j) * (x[r][j] - mean.getDouble(j)) / Math.sqrt(variance.getDouble(j) + EPS) + beta.getDouble(j);
            }
        }
        return out;
    }

    private static double[][] apply(double[][] x, DoubleUnaryOperator f) {
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = Arrays.stream(x[r]).map(f).toArray();
        }
        return out;
    }
}
