package dev.kiln.samples.checkpoint;

import dev.kiln.runtime.checkpoint.LoadReport;
import dev.kiln.runtime.checkpoint.MatchOptions;
import dev.kiln.runtime.checkpoint.SafetensorsReader;
import dev.kiln.runtime.checkpoint.StateMismatchException;
import dev.kiln.runtime.checkpoint.TorchImport;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weights PyTorch saved (torch_twin.py in the test resources made torch_twin.safetensors and the
 * input and output in torch_twin_io.safetensors) load into the Kiln model with the same layers,
 * which then computes PyTorch's eval-mode outputs.
 */
class TorchImportTest {
    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TorchImportTest.class.getResource(name).toURI());
    }

    @Test
    void theKilnTwinComputesWhatPyTorchComputed() throws Exception {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            CheckpointModels_TorchTwinNet net = new CheckpointModels_TorchTwinNet(1, type);
            LoadReport report = TorchImport.load(resource("torch_twin.safetensors"), net, MatchOptions.strict());
            assertEquals(List.of("conv.W", "bn.gamma", "bn.beta", "fc1.W", "fc1.b", "head.W", "head.b", "bn.runningMean",
                    "bn.runningVar"), report.loaded());
            assertEquals(List.of(144L, 5L), List.of(net.fc1W.size(0), net.fc1W.size(1)), "[out,in] became [in,out]");
            Map<String, INDArray> io = new java.util.LinkedHashMap<>();
            SafetensorsReader.read(resource("torch_twin_io.safetensors")).tensors()
                    .forEach((name, tensor) -> io.put(name, tensor.toArray()));
            INDArray output = net.forward(io.get("input").castTo(type));
            double difference = Transforms.abs(output.castTo(DataType.DOUBLE).sub(io.get("output").castTo(DataType.DOUBLE)))
                    .maxNumber().doubleValue();
            System.out.printf("PyTorch vs Kiln after import, %s: %.3g%n", type, difference);
            assertTrue(difference < 1e-5, type + ": " + difference);
        }
    }

    @Test
    void mismatchesAndUnmatchedNamesAreReported() throws Exception {
        CheckpointModels_SmallNet other = new CheckpointModels_SmallNet(1, DataType.FLOAT);
        Map<String, INDArray> before = ModelState.copy(other);
        StateMismatchException e = assertThrows(StateMismatchException.class,
                () -> TorchImport.load(resource("torch_twin.safetensors"), other, MatchOptions.nonStrict()));
        assertTrue(e.getMessage().contains("fc1.W: checkpoint F32 [144, 5], model F32 [5, 6]"), e.getMessage());
        ModelState.assertSame(before, ModelState.copy(other), "after the refused import");

        CheckpointModels_TorchTwinNet net = new CheckpointModels_TorchTwinNet(1, DataType.FLOAT);
        LoadReport renamed = TorchImport.mapping().rename("conv", "stem")
                .into(resource("torch_twin.safetensors"), net, MatchOptions.nonStrict());
        assertEquals(List.of("conv.W"), renamed.missing(), "the model has no layer stem: conv.W stays as it was");
        assertEquals(List.of("conv.weight"), renamed.unexpected(), "a tensor no layer takes keeps its PyTorch name");
        assertEquals(8, renamed.loaded().size());
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException, URISyntaxException {
        byte[] bytes = java.nio.file.Files.readAllBytes(resource("torch_twin.safetensors"));
        Path cut = java.nio.file.Files.createTempFile("torch", ".safetensors");
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertThrows(dev.kiln.runtime.checkpoint.CheckpointFormatException.class,
                () -> TorchImport.load(cut, new CheckpointModels_TorchTwinNet(1), MatchOptions.strict()));
        java.nio.file.Files.delete(cut);
    }
}
