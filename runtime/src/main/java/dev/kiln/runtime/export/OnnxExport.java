package dev.kiln.runtime.export;

import org.jspecify.annotations.Nullable;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.ActivationSpec;
import dev.kiln.ir.AddSpec;
import dev.kiln.ir.ConcatSpec;
import dev.kiln.ir.ConvSpec;
import dev.kiln.ir.DenseSpec;
import dev.kiln.ir.DropoutSpec;
import dev.kiln.ir.FlattenSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.MaxoutSpec;
import dev.kiln.ir.Node;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.PReluSpec;
import dev.kiln.ir.PoolSpec;
import dev.kiln.ir.ReshapeSpec;
import dev.kiln.ir.Shape;
import dev.kiln.ir.ShapeInference;
import dev.kiln.ir.Window;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.StateBuffer;
import dev.kiln.runtime.checkpoint.AtomicFiles;
import dev.kiln.runtime.checkpoint.KilnVersion;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.kiln.runtime.export.OnnxGraph.integer;
import static dev.kiln.runtime.export.OnnxGraph.ints;
import static dev.kiln.runtime.export.OnnxGraph.real;

/**
 * Exports a model's inference graph to ONNX (opset 13), with its weights as initializers: Dense as
 * Gemm, Conv2d as Conv, batch norm (running statistics) as BatchNormalization, max and average
 * pooling, global average pooling (then Flatten, as Kiln's gives [n, C]), residual Add (a stochastic
 * branch scaled by its survival probability), Concat on channels, Flatten, Reshape, every activation
 * (GELU, its tanh form and swish spelled out in opset-13 operators), dropout as Identity. The input
 * is named {@code input}, the output after the last layer; the batch dimension is {@code n}.
 * Layers without an opset-13 form (layer, group, instance and RMS norm, weight-normalized Dense) are
 * refused together, by name, before anything is written.
 *
 * <pre>{@code
 * OnnxExport.write(net, Path.of("fashion-cnn.onnx"));
 * }</pre>
 */
public final class OnnxExport {
    static final String INPUT = "input";

    private final KilnNet net;
    private final ModelGraph graph;
    private final ShapeInference.Result shapes;
    private final Map<String, INDArray> arrays = new HashMap<>();
    private final OnnxGraph onnx;
    private final List<String> values = new ArrayList<>();

    private OnnxExport(KilnNet net) {
        this.net = net;
        this.graph = net.graph();
        this.shapes = ShapeInference.infer(graph);
        for (Parameter p : net.parameters()) {
            arrays.put(p.name(), p.value());
        }
        for (StateBuffer b : net.stateBuffers()) {
            arrays.put(b.name(), b.value());
        }
        this.onnx = new OnnxGraph(net.dataType());
    }

    /** Writes the ONNX model of {@code net} to {@code file}, atomically. */
    public static void write(KilnNet net, Path file) throws IOException {
        byte[] model = toBytes(net);
        AtomicFiles.write(file, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(model);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    /** The serialized ONNX ModelProto of {@code net}. */
    public static byte[] toBytes(KilnNet net) {
        List<String> unsupported = new ArrayList<>();
        for (Node node : net.graph().nodes()) {
            String why = unsupported(node.layer());
            if (why != null) {
                unsupported.add(node.name() + " (" + node.layer().kind() + ": " + why + ")");
            }
        }
        if (!unsupported.isEmpty()) {
            throw new UnsupportedExportException("cannot export " + net.graph().name() + " to ONNX opset "
                    + OnnxFields.OPSET + ": " + String.join(", ", unsupported), unsupported);
        }
        return new OnnxExport(net).build();
    }

    /** Why a layer cannot be exported, or null. */
    private static @Nullable String unsupported(LayerSpec layer) {
        if (layer instanceof NormSpec norm && norm.norm() != NormSpec.Kind.BATCH) {
            return "ONNX has no " + norm.norm().label() + " operator at opset " + OnnxFields.OPSET;
        }
        if (layer instanceof DenseSpec dense && dense.weightNorm()) {
            return "weight normalization is not exported; its W = g v / ||v|| would have to be computed first";
        }
        return null;
    }

    private byte[] build() {
        onnx.reserve(INPUT);
        for (Node node : graph.nodes()) {
            List<String> inputs = node.inputs().stream().map(i -> i == Node.MODEL_INPUT ? INPUT : values.get(i)).toList();
            String out = onnx.reserve(node.name());
            layer(node, inputs, out);
            values.add(out);
        }
        return onnx.model(graph.name(), INPUT, graph.input().dims(), values.get(values.size() - 1), shapes.output().dims(),
                KilnVersion.get(), "exported by Kiln from " + net.getClass().getName());
    }

    private String parameter(String name) {
        INDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalStateException(graph.name() + " has no array " + name + " to export");
        }
        return onnx.initializer(onnx.reserve(name), array);
    }

    private void layer(Node node, List<String> in, String out) {
        LayerSpec layer = node.layer();
        String x = in.get(0);
        String name = node.name();
        if (layer instanceof DenseSpec dense) {
            List<String> inputs = new ArrayList<>(List.of(x, parameter(name + ".W")));
            if (dense.bias()) {
                inputs.add(parameter(name + ".b"));
            }
            String z = dense.activation().isIdentity() ? out : onnx.fresh(name + "_z");
            onnx.node("Gemm", inputs, z);
            activation(dense.activation(), z, out);
        } else if (layer instanceof ConvSpec conv) {
            List<String> inputs = new ArrayList<>(List.of(x, parameter(name + ".W")));
            if (conv.bias()) {
                inputs.add(parameter(name + ".b"));
            }
            Window w = conv.window();
            String z = conv.activation().isIdentity() ? out : onnx.fresh(name + "_z");
            onnx.node("Conv", inputs, z, ints("kernel_shape", w.kernelH(), w.kernelW()),
                    ints("strides", w.strideH(), w.strideW()), ints("pads", w.padH(), w.padW(), w.padH(), w.padW()),
                    ints("dilations", w.dilationH(), w.dilationW()), integer("group", conv.groups()));
            activation(conv.activation(), z, out);
        } else if (layer instanceof NormSpec norm) {
            long channels = shapes.inputOf(node).dim(0);
            String gamma = norm.affine() ? parameter(name + ".gamma") : onnx.filled(name + ".gamma", 1, channels);
            String beta = norm.affine() ? parameter(name + ".beta") : onnx.filled(name + ".beta", 0, channels);
            onnx.node("BatchNormalization", List.of(x, gamma, beta, parameter(name + ".runningMean"),
                    parameter(name + ".runningVar")), out, real("epsilon", norm.eps()));
        } else if (layer instanceof ActivationSpec activation) {
            activation(activation.activation(), x, out);
        } else if (layer instanceof PReluSpec) {
            onnx.node("PRelu", List.of(x, slope(name, shapes.inputOf(node))), out);
        } else if (layer instanceof MaxoutSpec maxout) {
            maxout(maxout, shapes.inputOf(node), x, out);
        } else if (layer instanceof DropoutSpec) {
            onnx.node("Identity", List.of(x), out);
        } else if (layer instanceof FlattenSpec) {
            onnx.node("Flatten", List.of(x), out, integer("axis", 1));
        } else if (layer instanceof ReshapeSpec reshape) {
            long[] target = new long[reshape.target().rank() + 1];
            for (int i = 0; i < reshape.target().rank(); i++) {
                target[i + 1] = reshape.target().dim(i);
            }
            // 0 copies the input's batch dimension.
            onnx.node("Reshape", List.of(x, onnx.int64s(name + "_shape", target)), out);
        } else if (layer instanceof PoolSpec pool) {
            pool(pool, x, out);
        } else if (layer instanceof AddSpec add) {
            String branch = in.get(1);
            if (add.stochastic()) {
                String scaled = onnx.fresh(name + "_scaled");
                onnx.node("Mul", List.of(branch, onnx.scalar(name + "_survival", add.survival())), scaled);
                branch = scaled;
            }
            String sum = add.activation().isIdentity() ? out : onnx.fresh(name + "_sum");
            onnx.node("Add", List.of(x, branch), sum);
            activation(add.activation(), sum, out);
        } else if (layer instanceof ConcatSpec) {
            onnx.node("Concat", in, out, integer("axis", 1));
        } else {
            throw new IllegalStateException("layer " + name + " (" + layer.kind() + ") has no ONNX mapping");
        }
    }

    /**
     * α as ONNX's PRelu broadcasts its slope, from the trailing axes: [C, 1, 1] against [N, C, H, W],
     * [C] against [N, C], [1] when shared.
     */
    private String slope(String layer, Shape in) {
        String name = layer + ".alpha";
        INDArray alpha = arrays.get(name);
        if (alpha == null) {
            throw new IllegalStateException(graph.name() + " has no array " + name + " to export");
        }
        long[] shape = new long[alpha.length() == 1 ? 1 : in.rank()];
        Arrays.fill(shape, 1);
        shape[0] = alpha.length();
        return onnx.initializer(onnx.reserve(name), alpha.reshape(shape));
    }

    /** Channels split into [C/k, k] (the pieces of a unit are consecutive) and the maximum taken over the k. */
    private void maxout(MaxoutSpec maxout, Shape in, String x, String out) {
        long[] grouped = new long[in.rank() + 2];
        // 0 copies the input's batch dimension.
        grouped[1] = in.dim(0) / maxout.pieces();
        grouped[2] = maxout.pieces();
        for (int axis = 1; axis < in.rank(); axis++) {
            grouped[axis + 2] = in.dim(axis);
        }
        String pieces = onnx.fresh(maxout.name() + "_pieces");
        onnx.node("Reshape", List.of(x, onnx.int64s(maxout.name() + "_grouped", grouped)), pieces);
        onnx.node("ReduceMax", List.of(pieces), out, ints("axes", 2), integer("keepdims", 0));
    }

    private void pool(PoolSpec pool, String x, String out) {
        Window w = pool.window();
        switch (pool.pooling()) {
            case MAX -> onnx.node("MaxPool", List.of(x), out, ints("kernel_shape", w.kernelH(), w.kernelW()),
                    ints("strides", w.strideH(), w.strideW()), ints("pads", w.padH(), w.padW(), w.padH(), w.padW()));
            // Kiln divides by the whole window, padding included.
            case AVERAGE -> onnx.node("AveragePool", List.of(x), out, ints("kernel_shape", w.kernelH(), w.kernelW()),
                    ints("strides", w.strideH(), w.strideW()), ints("pads", w.padH(), w.padW(), w.padH(), w.padW()),
                    integer("count_include_pad", 1));
            case GLOBAL_AVERAGE -> {
                String pooled = onnx.fresh(pool.name() + "_nc11");
                onnx.node("GlobalAveragePool", List.of(x), pooled);
                onnx.node("Flatten", List.of(pooled), out, integer("axis", 1));
            }
        }
    }

    /** {@code out = f(z)}; the identity is an Identity node, so every layer's output keeps its name. */
    private void activation(ActivationFunction f, String z, String out) {
        if (z.equals(out)) {
            return;
        }
        String base = out;
        switch (f.kind()) {
            case IDENTITY -> onnx.node("Identity", List.of(z), out);
            case RELU -> onnx.node("Relu", List.of(z), out);
            case SIGMOID -> onnx.node("Sigmoid", List.of(z), out);
            case TANH -> onnx.node("Tanh", List.of(z), out);
            case SOFTPLUS -> onnx.node("Softplus", List.of(z), out);
            case SELU -> onnx.node("Selu", List.of(z), out, real("alpha", 1.6732632423543772),
                    real("gamma", 1.0507009873554805));
            case LEAKY_RELU -> onnx.node("LeakyRelu", List.of(z), out, real("alpha", f.parameter()));
            case ELU -> onnx.node("Elu", List.of(z), out, real("alpha", f.parameter()));
            case SWISH -> {
                String scaled = z;
                if (f.parameter() != 1) {
                    scaled = onnx.fresh(base + "_bz");
                    onnx.node("Mul", List.of(z, onnx.scalar(base + "_beta", f.parameter())), scaled);
                }
                String gate = onnx.fresh(base + "_sigmoid");
                onnx.node("Sigmoid", List.of(scaled), gate);
                onnx.node("Mul", List.of(z, gate), out);
            }
            case GELU -> {
                // x/2 (1 + erf(x / sqrt 2))
                String scaled = onnx.fresh(base + "_scaled");
                onnx.node("Mul", List.of(z, onnx.scalar(base + "_inv_sqrt2", 1 / Math.sqrt(2))), scaled);
                halfTimesOnePlus(z, "Erf", scaled, out);
            }
            case GELU_TANH -> {
                // x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
                String square = onnx.fresh(base + "_square");
                onnx.node("Mul", List.of(z, z), square);
                String cube = onnx.fresh(base + "_cube");
                onnx.node("Mul", List.of(square, z), cube);
                String cubic = onnx.fresh(base + "_cubic");
                onnx.node("Mul", List.of(cube, onnx.scalar(base + "_c", 0.044715)), cubic);
                String inner = onnx.fresh(base + "_inner");
                onnx.node("Add", List.of(z, cubic), inner);
                String u = onnx.fresh(base + "_u");
                onnx.node("Mul", List.of(inner, onnx.scalar(base + "_k", Math.sqrt(2 / Math.PI))), u);
                halfTimesOnePlus(z, "Tanh", u, out);
            }
        }
    }

    /** {@code out = z/2 (1 + op(u))}. */
    private void halfTimesOnePlus(String z, String op, String u, String out) {
        String t = onnx.fresh(out + "_" + op.toLowerCase(java.util.Locale.ROOT));
        onnx.node(op, List.of(u), t);
        String onePlus = onnx.fresh(out + "_one_plus");
        onnx.node("Add", List.of(t, onnx.scalar(out + "_one", 1)), onePlus);
        String half = onnx.fresh(out + "_half");
        onnx.node("Mul", List.of(z, onnx.scalar(out + "_half_c", 0.5)), half);
        onnx.node("Mul", List.of(half, onePlus), out);
    }
}
