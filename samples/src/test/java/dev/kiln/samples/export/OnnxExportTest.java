package dev.kiln.samples.export;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.export.OnnxExport;
import dev.kiln.runtime.export.UnsupportedExportException;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.samples.TestArrays;
import dev.kiln.samples.conv.ConvModels_PooledNet;
import dev.kiln.samples.fashion.FashionCnnNet;
import dev.kiln.samples.fashion.FashionMlpNet;
import dev.kiln.samples.models.EveryActivationNet;
import dev.kiln.samples.models.LearnedActivations_ConvNet;
import dev.kiln.samples.models.LearnedActivations_FlatNet;
import dev.kiln.samples.norm.NormModels_FlatNormsNet;
import dev.kiln.samples.residual.ResidualModels_DenselyConnectedNet;
import dev.kiln.samples.residual.ResidualModels_StochasticWithNormNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exported models run in ONNX Runtime (its Java package from Maven Central) and give Kiln's own
 * inference outputs to 1e-5, relative to the outputs' scale: the MLP, the CNN, a ResNet-18 at 32x32,
 * every activation, PReLU and maxout, pooling, dense and stochastic residual units (float32; the MLP in float64 too:
 * ONNX Runtime's CPU kernels of several operators, LeakyRelu among them, take float32 only). Models are trained a few steps
 * first, so batch norm's running statistics are not their initial 0 and 1.
 */
class OnnxExportTest {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    private static <N extends KilnNet> N trained(N net, int features, int steps) {
        INDArray x = TestArrays.gaussian(8, features, 1, 0.2, 5).castTo(net.dataType())
                .reshape(net.graph().input().withBatch(8));
        int outputs = (int) net.forward(x).size(1);
        INDArray y = TestArrays.oneHot(8, outputs, 6).castTo(net.dataType());
        var optimizer = Optimizers.sgd(0.05);
        for (int i = 0; i < steps; i++) {
            net.trainStep(x, y, optimizer);
        }
        return net;
    }

    /** Largest difference between Kiln's and ONNX Runtime's outputs, over the largest output magnitude (at least 1). */
    private static double relativeDifference(KilnNet net, INDArray x) throws Exception {
        INDArray expected = net.forward(x).dup();
        INDArray actual = OnnxRuntimeCheck.run(OnnxExport.toBytes(net), x);
        assertArrayEquals(expected.shape(), actual.shape());
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        return Transforms.abs(expected.sub(actual.castTo(expected.dataType()))).maxNumber().doubleValue() / scale;
    }

    private static void matches(KilnNet net, int features) throws Exception {
        INDArray x = TestArrays.gaussian(4, features, 1, 0.1, 9).castTo(net.dataType());
        x = x.reshape(net.graph().input().withBatch(4));
        double difference = relativeDifference(net, x);
        System.out.printf("ONNX Runtime vs Kiln, %s %s: %.3g%n", net.graph().name(), net.dataType(), difference);
        assertTrue(difference <= TOLERANCE, net.graph().name() + ": " + difference);
    }

    @Test
    void theFashionMlpMatches() throws Exception {
        matches(trained(new FashionMlpNet(1), 784, 3), 784);
        matches(trained(new FashionMlpNet(1, DataType.DOUBLE), 784, 3), 784);
    }

    @Test
    void preluAndMaxoutMatch() throws Exception {
        matches(trained(new LearnedActivations_FlatNet(1), 6, 3), 6);
        matches(trained(new LearnedActivations_ConvNet(1), 72, 3), 72);
    }

    @Test
    void theFashionCnnMatches() throws Exception {
        matches(trained(new FashionCnnNet(1), 784, 3), 784);
    }

    @Test
    void aResNet18At32x32Matches() throws Exception {
        matches(trained(new SmallResNet18Net(1), 3 * 32 * 32, 2), 3 * 32 * 32);
    }

    @Test
    void everyActivationPoolingAndBothKindsOfBlockMatch() throws Exception {
        matches(trained(new EveryActivationNet(1), 5, 3), 5);
        matches(trained(new ConvModels_PooledNet(1), 3 * 7 * 7, 2), 3 * 7 * 7);
        matches(trained(new ResidualModels_DenselyConnectedNet(1), 4 * 6 * 6, 2), 4 * 6 * 6);
        matches(trained(new ResidualModels_StochasticWithNormNet(1), 2 * 4 * 4, 2), 2 * 4 * 4);
    }

    @Test
    void theFileIsWrittenAtomicallyAndNamesItsProducer() throws Exception {
        Path file = dir.resolve("mlp.onnx");
        FashionMlpNet net = new FashionMlpNet(1);
        OnnxExport.write(net, file);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(OnnxExport.toBytes(net), bytes);
        assertTrue(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("Kiln"));
    }

    @Test
    void layersWithoutAnOnnxFormAreAllNamed() {
        UnsupportedExportException e = assertThrows(UnsupportedExportException.class,
                () -> OnnxExport.toBytes(new NormModels_FlatNormsNet(1)));
        assertEquals(List.of("ln (LayerNorm: ONNX has no LayerNorm operator at opset 13)",
                "fc1 (Dense: weight normalization is not exported; its W = g v / ||v|| would have to be computed first)",
                "gn (GroupNorm: ONNX has no GroupNorm operator at opset 13)",
                "rms (RmsNorm: ONNX has no RmsNorm operator at opset 13)"), e.layers());
        assertTrue(e.getMessage().startsWith("cannot export FlatNorms to ONNX opset 13: ln (LayerNorm"), e.getMessage());
    }
}
