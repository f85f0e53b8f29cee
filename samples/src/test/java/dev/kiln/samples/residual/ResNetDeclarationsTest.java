package dev.kiln.samples.residual;

import dev.kiln.ir.ModelSummary;
import dev.kiln.samples.resnet.DenseNet121Net;
import dev.kiln.samples.resnet.DenseNet201Net;
import dev.kiln.samples.resnet.ResNet18Net;
import dev.kiln.samples.resnet.ResNet34Net;
import dev.kiln.samples.resnet.ResNet50Net;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ResNets and DenseNets, declared once per block class: published parameter counts, depth, shapes, and a forward pass at 224x224. */
class ResNetDeclarationsTest {

    @Test
    void parameterCountsMatchThePublishedFigures() {
        assertEquals(11_689_512, ModelSummary.of(ResNet18Net.GRAPH).totalParameters());
        assertEquals(21_797_672, ModelSummary.of(ResNet34Net.GRAPH).totalParameters());
        assertEquals(25_557_032, ModelSummary.of(ResNet50Net.GRAPH).totalParameters());
    }

    /** Depth counts weighted layers on the main path: 2 per basic unit, 3 per bottleneck, plus the stem conv and the classifier. */
    @Test
    void depthIsTwoOrThreeLayersPerUnitPlusTwo() {
        assertEquals(18, mainPathWeightedLayers(ResNet18Net.GRAPH));
        assertEquals(34, mainPathWeightedLayers(ResNet34Net.GRAPH));
        assertEquals(50, mainPathWeightedLayers(ResNet50Net.GRAPH));
    }

    @Test
    void stagesHalveTheFeatureMaps() {
        ModelSummary summary = ModelSummary.of(ResNet50Net.GRAPH);
        assertEquals("[n,64,112,112]", row(summary, "conv1").output());
        assertEquals("[n,64,56,56]", row(summary, "maxPool").output());
        assertEquals("[n,256,56,56]", row(summary, "layer1_0_add").output());
        assertEquals("[n,512,28,28]", row(summary, "layer2_0_add").output());
        assertEquals("[n,1024,14,14]", row(summary, "layer3_5_add").output());
        assertEquals("[n,2048,7,7]", row(summary, "layer4_2_add").output());
        assertEquals("[n,1000]", row(summary, "fc").output());
        assertEquals(9_408, row(summary, "conv1").parameters(), "7·7·3·64, no bias");
        assertEquals(9_408L * 112 * 112, row(summary, "conv1").multiplyAdds());
    }

    /** Reference §12's check, and torchvision's published count for DenseNet-121. */
    @Test
    void denseNet121ChannelsAndParameters() {
        ModelSummary summary = ModelSummary.of(DenseNet121Net.GRAPH);
        String[] channels = {"conv1 64", "block1_5_concat 256", "transition1_pool 128", "block2_11_concat 512", "transition2_pool 256",
                "block3_23_concat 1024", "transition3_pool 512", "block4_15_concat 1024"};
        for (String expected : channels) {
            String[] layerAndChannels = expected.split(" ");
            assertTrue(row(summary, layerAndChannels[0]).output().startsWith("[n," + layerAndChannels[1] + ","),
                    expected + ": " + row(summary, layerAndChannels[0]).output());
        }
        assertEquals("[n,1024,7,7]", row(summary, "block4_15_concat").output());
        assertEquals(7_978_856, summary.totalParameters());
    }

    /** torchvision's published count for DenseNet-201, whose generated code is split by runs of block units. */
    @Test
    void denseNet201ChannelsAndParameters() {
        ModelSummary summary = ModelSummary.of(DenseNet201Net.GRAPH);
        assertEquals("[n,1792,14,14]", row(summary, "block3_47_concat").output());
        assertEquals("[n,896,7,7]", row(summary, "transition3_pool").output());
        assertEquals("[n,1920,7,7]", row(summary, "block4_31_concat").output());
        assertEquals(20_013_928, summary.totalParameters());
    }

    @Test
    void resNet18RunsForwardOnAnImageNetBatch() {
        ResNet18Net net = new ResNet18Net(1);
        INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 224, 224);
        INDArray logits = net.forward(images);
        assertArrayEquals(new long[] {2, 1000}, logits.shape());
        assertTrue(Double.isFinite(logits.sumNumber().doubleValue()));
        assertTrue(logits.sub(logits.getRow(0)).amaxNumber().doubleValue() > 0, "different images give different logits");
    }

    private static long mainPathWeightedLayers(dev.kiln.ir.ModelGraph graph) {
        return graph.nodes().stream().filter(node -> node.layer() instanceof dev.kiln.ir.WeightedSpec)
                .filter(node -> !node.name().endsWith("_projection")).count();
    }

    private static ModelSummary.Row row(ModelSummary summary, String layer) {
        return summary.rows().stream().filter(r -> r.layer().equals(layer)).findFirst().orElseThrow();
    }
}
