package dev.kiln.processor.plan;

import dev.kiln.ir.AddSpec;
import dev.kiln.ir.ConvSpec;
import dev.kiln.ir.DropoutSpec;
import dev.kiln.ir.JoinSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.Node;
import dev.kiln.ir.Shape;
import dev.kiln.ir.ShapeInference;

/**
 * Which layers keep their 4-D activations and gradients in the model's convolution layout, the
 * runtime's {@code FeatureLayout}: NHWC where oneDNN runs the convolutions, whose forward it would
 * otherwise reorder to and from NCHW on every call, and NCHW elsewhere (then nothing changes).
 *
 * <p>A layer can take the layout when its kernel does: a convolution with one group and no
 * dilation, max and average pooling, and batch norm, activations and the residual addition of 4-D
 * tensors. Such layers linked through their inputs form a chain; a chain that holds a convolution takes the layout, and
 * the planner converts where a chain's input comes from or its output goes to another layer. The
 * layers that read the model's input (directly or through a dropout, which passes it on at
 * inference) stay out: the input is the caller's array, so converting it would cost a copy even
 * where the layout is NCHW. So does the output layer, whose array the caller
 * gets.
 */
final class ConvolutionChains {
    private final boolean[] inLayout;

    private ConvolutionChains(boolean[] inLayout) {
        this.inLayout = inLayout;
    }

    static ConvolutionChains of(ModelGraph graph, ShapeInference.Result shapes) {
        int n = graph.nodes().size();
        int[] chain = new int[n];
        for (int i = 0; i < n; i++) {
            chain[i] = i;
        }
        boolean[] capable = new boolean[n];
        for (Node node : graph.nodes()) {
            capable[node.index()] = node != graph.outputNode() && !readsCallersArray(graph, node) && takesLayout(node, shapes);
            for (int source : node.inputs()) {
                if (capable[node.index()] && capable[source]) {
                    chain[root(chain, node.index())] = root(chain, source);
                }
            }
        }
        boolean[] hasConvolution = new boolean[n];
        for (Node node : graph.nodes()) {
            if (capable[node.index()] && node.layer() instanceof ConvSpec) {
                hasConvolution[root(chain, node.index())] = true;
            }
        }
        boolean[] inLayout = new boolean[n];
        for (int i = 0; i < n; i++) {
            inLayout[i] = capable[i] && hasConvolution[root(chain, i)];
        }
        return new ConvolutionChains(inLayout);
    }

    /** True when node {@code index} keeps its output (and its gradient) in the model's convolution layout. */
    boolean inLayout(int index) {
        return inLayout[index];
    }

    /** True when some layer does, so the model needs a layout at all. */
    boolean any() {
        for (boolean in : inLayout) {
            if (in) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when some input of {@code node} is, in some pass, the caller's array: the model input, or a
     * dropout reading it, which passes its input on at inference.
     */
    private static boolean readsCallersArray(ModelGraph graph, Node node) {
        for (int source : node.inputs()) {
            if (source == Node.MODEL_INPUT
                    || graph.nodes().get(source).layer() instanceof DropoutSpec && readsCallersArray(graph, graph.nodes().get(source))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a layer's kernel takes the layout, for its input: its kind says. The residual addition
     * is element-wise too, given both inputs in the layout (the union above).
     */
    private static boolean takesLayout(Node node, ShapeInference.Result shapes) {
        Shape input = shapes.inputOf(node);
        if (node.layer() instanceof AddSpec) {
            return input.rank() == 3; // [C, H, W] per example
        }
        return !(node.layer() instanceof JoinSpec) && LayerKinds.of(node.layer()).takesLayout(node.layer(), input);
    }

    private static int root(int[] chain, int i) {
        while (chain[i] != i) {
            chain[i] = chain[chain[i]];
            i = chain[i];
        }
        return i;
    }
}
