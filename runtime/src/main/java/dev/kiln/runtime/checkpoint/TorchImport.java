package dev.kiln.runtime.checkpoint;

import org.jspecify.annotations.Nullable;
import dev.kiln.ir.ConvSpec;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.PReluSpec;
import dev.kiln.runtime.KilnNet;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports weights from a PyTorch {@code state_dict} saved as safetensors
 * ({@code safetensors.torch.save_file(model.state_dict(), path)}) into a Kiln model with the same
 * layers. Names map by module path: PyTorch's {@code layer1.0.conv1.weight} is the Kiln layer
 * {@code layer1_0_conv1} (dots of the module path become underscores; {@link #rename} maps any other
 * name) and the parameter's role by the Kiln layer's kind:
 * <ul>
 * <li>Dense ({@code nn.Linear}): {@code weight} [out, in] becomes {@code W} [in, out], transposed;
 *     {@code bias} becomes {@code b};</li>
 * <li>Conv2d ({@code nn.Conv2d}): {@code weight} [out, in/groups, kH, kW] is {@code W} as it is,
 *     {@code bias} is {@code b};</li>
 * <li>batch norm ({@code nn.BatchNorm1d/2d}): {@code weight} and {@code bias} are {@code gamma} and
 *     {@code beta}, {@code running_mean} and {@code running_var} (unbiased in both) are
 *     {@code runningMean} and {@code runningVar}; {@code num_batches_tracked} is not used.</li>
 * </ul>
 * float32 weights load into a float64 model widened exactly. As with {@link Checkpoint#loadMatching},
 * everything is checked before the first array is written, and strict mode refuses any missing or
 * unexpected tensor.
 */
public final class TorchImport {
    private static final String BATCHES_TRACKED = "num_batches_tracked";

    private final Map<String, String> renames = new LinkedHashMap<>();

    private TorchImport() {
    }

    public static TorchImport mapping() {
        return new TorchImport();
    }

    /** Maps PyTorch module path {@code torchModule} (e.g. {@code features.0}) to Kiln layer {@code kilnLayer}. */
    public TorchImport rename(String torchModule, String kilnLayer) {
        renames.put(torchModule, kilnLayer);
        return this;
    }

    /** Loads {@code file} into {@code net} with the default mapping. */
    public static LoadReport load(Path file, KilnNet net, MatchOptions options) throws IOException {
        return mapping().into(file, net, options);
    }

    public LoadReport into(Path file, KilnNet net, MatchOptions options) throws IOException {
        SafetensorsReader.Contents contents = SafetensorsReader.read(file);
        Map<String, LayerSpec> layers = new LinkedHashMap<>();
        net.graph().layers().forEach(layer -> layers.put(layer.name(), layer));
        Map<String, StoredTensor> converted = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (StoredTensor tensor : contents.tensors().values()) {
            int dot = tensor.name().lastIndexOf('.');
            if (dot < 0) {
                unknown.add(tensor.name());
                continue;
            }
            String module = tensor.name().substring(0, dot);
            String parameter = tensor.name().substring(dot + 1);
            if (parameter.equals(BATCHES_TRACKED)) {
                continue;
            }
            String layerName = renames.getOrDefault(module, module.replace('.', '_'));
            LayerSpec layer = layers.get(layerName);
            String role = layer == null ? null : role(layer, parameter);
            if (layer == null || role == null) {
                unknown.add(tensor.name());
                continue;
            }
            String name = layerName + "." + role;
            converted.put(name, convert(name, tensor, layer, role, net));
        }
        unknown.forEach(name -> converted.put(name, contents.tensors().get(name)));
        // The random generator's state is Kiln's own: a PyTorch file has none to give.
        return MatchingLoad.load(converted, net, options,
                name -> !name.startsWith(dev.kiln.runtime.StateBuffer.RANDOM_GENERATOR + "."),
                "the PyTorch weights in " + file + " into " + net.graph().name());
    }

    /** The Kiln role of PyTorch parameter {@code parameter} in {@code layer}, or null when none fits. */
    private static @Nullable String role(LayerSpec layer, String parameter) {
        if (layer instanceof DenseSpec || layer instanceof ConvSpec) {
            return switch (parameter) {
                case "weight" -> "W";
                case "bias" -> "b";
                default -> null;
            };
        }
        if (layer instanceof PReluSpec) {
            // torch.nn.PReLU's slope, [C] or [1] as Kiln's alpha.
            return parameter.equals("weight") ? "alpha" : null;
        }
        if (layer instanceof NormSpec norm && norm.norm() == NormSpec.Kind.BATCH) {
            return switch (parameter) {
                case "weight" -> "gamma";
                case "bias" -> "beta";
                case "running_mean" -> "runningMean";
                case "running_var" -> "runningVar";
                default -> null;
            };
        }
        return null;
    }

    /** The tensor in Kiln's layout and the model's dtype: Dense weights transposed, float32 widened. */
    private static StoredTensor convert(String name, StoredTensor tensor, LayerSpec layer, String role, KilnNet net) {
        boolean transpose = layer instanceof DenseSpec && role.equals("W") && tensor.shape().length == 2;
        boolean widen = tensor.type() == TensorType.F32 && TensorType.of(net.dataType()) == TensorType.F64;
        if (!transpose && !widen) {
            return new StoredTensor(name, tensor.type(), tensor.shape(), tensor.data());
        }
        INDArray array = tensor.toArray();
        if (transpose) {
            array = array.transpose();
        }
        if (widen) {
            array = array.castTo(net.dataType());
        }
        return StoredTensor.of(name, array);
    }
}
