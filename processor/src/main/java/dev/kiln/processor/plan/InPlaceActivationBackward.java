package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;

import static dev.kiln.processor.plan.RuntimeTypes.ACTIVATIONS;
import static dev.kiln.processor.plan.RuntimeTypes.INDARRAY;

/**
 * The backward of an activation fused into its layer ({@code a = f(z)} after Dense or Conv2d,
 * {@code f(shortcut + branch)} after an addition). It runs in place: the layer's gradient buffer
 * ({@code fc1Grad}) holds dL/da when the step starts and dL/dz after the activation's backward,
 * with no array of its own for dL/dz. So that no name lies, the code gives the array a second
 * name for what it then holds: a local named after the pre-activation's buffer ({@code fc1ZGrad}),
 * an alias of the same array, which the activation writes and the rest of the step reads.
 */
final class InPlaceActivationBackward {
    private InPlaceActivationBackward() {
    }

    /**
     * Adds to {@code code} the alias of {@code gradOut} and the activation's backward into it, and
     * returns the alias for the statements after it. {@code preActivation} is the member suffix of
     * the layer's pre-activation buffer ({@code "Z"}: {@code fc1Z}), {@code what} how the alias's
     * comment names the pre-activation ({@code "z"}).
     */
    static String add(CodeBlock.Builder code, LayerContext layer, String preActivation, String what, String output,
                      String gradOut) {
        String alias = layer.member(preActivation + "Grad");
        // A line comment, not part of the step's comment: it is about this local, on its line.
        code.add("$T $L = $L;  // the same array: the activation's backward overwrites dL/d(output) with dL/d$L\n", INDARRAY, alias,
                gradOut, what);
        code.addStatement("$T.backward($L.activation(), $L, $L, $L, $L)", ACTIVATIONS, layer.specConstant(),
                NetPlan.BUFFERS + "." + layer.member(preActivation), output, gradOut, alias);
        return alias;
    }
}
