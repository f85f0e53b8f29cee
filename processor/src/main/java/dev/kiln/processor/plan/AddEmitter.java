package dev.kiln.processor.plan;

import com.squareup.javapoet.CodeBlock;
import dev.kiln.ir.AddSpec;

import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.ACTIVATIONS;
import static dev.kiln.processor.plan.RuntimeTypes.RESIDUAL_KERNEL;

/**
 * The addition that closes a residual unit, {@code out = f(shortcut + branch)}, and its backward:
 * dOut (times f') to both inputs. Under stochastic depth, training adds the branch only when the
 * unit's gate is open (the planner skips the branch's layers otherwise), and inference scales the
 * branch by its survival probability.
 */
final class AddEmitter implements JoinEmitter {

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        AddSpec spec = (AddSpec) layer.spec();
        plan.specConstant(layer.specConstant(), AddSpec.class, CodeBlock.of("new $T($S, $L, $L)", AddSpec.class, spec.name(),
                IrLiterals.activation(spec.activation()), IrLiterals.number(spec.survival())), layer.header());
        if (!spec.activation().isIdentity()) {
            plan.buffer(layer.member("Sum"), layer.output(), spec.name() + " shortcut + branch, before " + spec.activation());
        }
        plan.buffer(layer.member("Out"), layer.output(), spec.name() + " output");
        if (spec.stochastic()) {
            plan.flag(gateSetting(layer), gate(layer), "Stochastic depth of " + spec.name() + ": whether its residual branch runs in "
                    + "training passes while randomness is frozen (open unless set); unfrozen passes draw it with probability "
                    + IrLiterals.number(spec.survival()) + " and leave this field as it is.");
            plan.usesRandomness = true;
        }
    }

    @Override
    public String inference(LayerContext layer, PlanBuilder plan, List<String> inputs) {
        AddSpec spec = (AddSpec) layer.spec();
        CodeBlock.Builder code = CodeBlock.builder();
        if (spec.stochastic()) {
            code.addStatement("$T.addScaled($L, $L, $L.survival(), $L)", RESIDUAL_KERNEL, inputs.get(0), inputs.get(1),
                    layer.specConstant(), sum(layer));
        } else {
            code.addStatement("$T.add($L, $L, $L)", RESIDUAL_KERNEL, inputs.get(0), inputs.get(1), sum(layer));
        }
        plan.inference(layer.comment() + (spec.stochastic() ? ", branch scaled by its survival probability" : ""),
                activate(layer, code).build());
        return out(layer);
    }

    @Override
    public String training(LayerContext layer, PlanBuilder plan, List<String> inputs) {
        AddSpec spec = (AddSpec) layer.spec();
        CodeBlock.Builder code = CodeBlock.builder();
        if (spec.stochastic()) {
            code.beginControlFlow("if ($L)", gate(layer))
                    .addStatement("$T.add($L, $L, $L)", RESIDUAL_KERNEL, inputs.get(0), inputs.get(1), sum(layer))
                    .nextControlFlow("else")
                    .addStatement("$L.assign($L)", sum(layer), inputs.get(0))
                    .endControlFlow();
        } else {
            code.addStatement("$T.add($L, $L, $L)", RESIDUAL_KERNEL, inputs.get(0), inputs.get(1), sum(layer));
        }
        plan.training(layer.comment(), activate(layer, code).build());
        return out(layer);
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String output, String gradOut, List<String> gradIns) {
        AddSpec spec = (AddSpec) layer.spec();
        CodeBlock.Builder code = CodeBlock.builder();
        // dL/d(sum), what both inputs receive: dL/d(output) itself without an activation, else written over it.
        String sumGrad = spec.activation().isIdentity() ? gradOut : InPlaceActivationBackward.add(code, layer, "Sum", "(sum)", output, gradOut);
        if (gradIns.get(0) != null) {
            code.addStatement("$L.assign($L)", gradIns.get(0), sumGrad);
        }
        if (gradIns.get(1) != null && spec.stochastic()) {
            code.beginControlFlow("if ($L)", gate(layer)).addStatement("$L.assign($L)", gradIns.get(1), sumGrad).endControlFlow();
        } else if (gradIns.get(1) != null) {
            code.addStatement("$L.assign($L)", gradIns.get(1), sumGrad);
        }
        plan.backward(layer.backwardComment(", the same gradient to shortcut and branch"), code.build());
    }

    /** The training pass's local variable that says whether the unit's branch runs in this pass. */
    static String gate(LayerContext layer) {
        return layer.member("Open");
    }

    /** The public flag that frozen passes take the gate from. */
    static String gateSetting(LayerContext layer) {
        return layer.member("Survives");
    }

    private static CodeBlock.Builder activate(LayerContext layer, CodeBlock.Builder code) {
        AddSpec spec = (AddSpec) layer.spec();
        if (!spec.activation().isIdentity()) {
            code.addStatement("$T.forward($L.activation(), $L, $L)", ACTIVATIONS, layer.specConstant(), sum(layer), out(layer));
        }
        return code;
    }

    /** The sum before the activation; the output itself when there is none. */
    private static String sum(LayerContext layer) {
        return ((AddSpec) layer.spec()).activation().isIdentity() ? out(layer) : NetPlan.BUFFERS + "." + layer.member("Sum");
    }

    private static String out(LayerContext layer) {
        return NetPlan.BUFFERS + "." + layer.member("Out");
    }
}
