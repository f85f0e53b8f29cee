package dev.kiln.runtime.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bytes Kiln writes follow the safetensors layout, read back exactly, and open in a reader that is not Kiln's. */
class SafetensorsFormatTest {
    @TempDir
    Path dir;

    static List<StoredTensor> sampleTensors() {
        return List.of(
                StoredTensor.of("fc1.W", Nd4j.linspace(-1, 1, 12, DataType.FLOAT).reshape(3, 4)),
                StoredTensor.of("fc1.b", Nd4j.createFromArray(0.1f, Float.MIN_VALUE, -0f)),
                StoredTensor.of("bn.runningVar", Nd4j.createFromArray(1e-300, Math.PI).reshape(1, 2)),
                StoredTensor.of("optimizer/t", Nd4j.scalar(17L)),
                StoredTensor.of("ints", Nd4j.createFromArray(new int[] {-3, 5, Integer.MAX_VALUE})));
    }

    @Test
    void theLayoutIsLengthThenJsonThenBackToBackData() throws IOException {
        Path file = dir.resolve("a.safetensors");
        CheckpointFile.write(file, Map.of("model", "Tiny"), sampleTensors());
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "the data starts 8-byte aligned");
        String header = new String(bytes, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"kiln-checkpoint\""), header);
        assertTrue(header.contains("\"fc1.W\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]}"), header);
        assertTrue(header.contains("\"optimizer/t\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[76,84]}"), header);
        long data = 48 + 12 + 16 + 8 + 12;
        assertEquals(8 + n + data, bytes.length);
        float first = ByteBuffer.wrap(bytes, (int) (8 + n), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(-1f, first);
    }

    @Test
    void everyTensorReadsBackBitForBit() throws IOException {
        Path file = dir.resolve("b.safetensors");
        List<StoredTensor> tensors = sampleTensors();
        CheckpointFile.write(file, Map.of("model", "Tiny"), tensors);
        SafetensorsReader.Contents contents = CheckpointFile.read(file);
        assertEquals(Map.of("model", "Tiny"), contents.metadata());
        assertEquals(tensors.stream().map(StoredTensor::name).toList(), List.copyOf(contents.tensors().keySet()));
        for (StoredTensor tensor : tensors) {
            StoredTensor read = contents.tensors().get(tensor.name());
            assertEquals(tensor, read);
            INDArray array = read.toArray();
            assertArrayEquals(tensor.shape(), array.shape(), tensor.name());
            assertEquals(tensor, StoredTensor.of(tensor.name(), array), "array round trip of " + tensor.name());
        }
        assertEquals(17L, contents.tensors().get("optimizer/t").toArray().getLong(0));
        assertEquals(0, contents.tensors().get("optimizer/t").toArray().rank());
    }

    @Test
    void emptyTensorsAndNoMetadataAreValid() throws IOException {
        Path file = dir.resolve("c.safetensors");
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            SafetensorsWriter.write(channel, Map.of(), List.of(StoredTensor.of("e", Nd4j.create(DataType.FLOAT, 0, 3))));
        }
        SafetensorsReader.Contents contents = SafetensorsReader.read(file);
        assertArrayEquals(new long[] {0, 3}, contents.tensors().get("e").shape());
        assertTrue(contents.metadata().isEmpty());
    }

    /** Debian's numpy, reading by the specification, sees the same names, dtypes, shapes and values. */
    @Test
    void numpyReadsTheFileByTheSpecification() throws Exception {
        Path file = dir.resolve("d.safetensors");
        List<StoredTensor> tensors = sampleTensors();
        CheckpointFile.write(file, Map.of("model", "Tiny"), tensors);
        JsonNode read = new ObjectMapper().readTree(PythonReader.run(file));
        assertEquals("Tiny", read.get("metadata").get("model").asText());
        Map<TensorType, String> numpyTypes = Map.of(TensorType.F32, "float32", TensorType.F64, "float64",
                TensorType.I64, "int64", TensorType.I32, "int32");
        for (StoredTensor tensor : tensors) {
            JsonNode t = read.get("tensors").get(tensor.name());
            assertEquals(numpyTypes.get(tensor.type()), t.get("dtype").asText(), tensor.name());
            long[] shape = new long[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asLong();
            }
            assertArrayEquals(tensor.shape(), shape, tensor.name());
            double[] expected = tensor.toArray().castTo(DataType.DOUBLE).data().asDouble();
            double[] actual = new double[t.get("values").size()];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = t.get("values").get(i).asDouble();
            }
            assertArrayEquals(expected, actual, 0, tensor.name());
        }
    }
}
