package dev.kiln.processor.write;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.kiln.processor.plan.NetPlan;
import dev.kiln.processor.plan.NetPlan.Block;
import dev.kiln.processor.plan.NetPlan.BlockPass;
import dev.kiln.processor.plan.NetPlan.BlockUnit;
import dev.kiln.processor.plan.NetPlan.Member;
import dev.kiln.processor.plan.NetPlan.Pass;
import dev.kiln.processor.plan.NetPlan.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.kiln.processor.plan.RuntimeTypes.INDARRAY;
import static dev.kiln.processor.plan.RuntimeTypes.ND4J_RANDOM;
import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

/**
 * Writes the plan's {@link Block}s: per block class, the class of a unit's model members
 * ({@code BasicBlockUnit}: specs, parameters, gradients, state), the class of its per-batch
 * buffers ({@code BasicBlockBuffers}), one method per pass ({@code basicBlockTraining}), one
 * field per unit in the model and in the buffers ({@code layer1_0}), and in each pass one call per
 * unit where its code was written out before.
 */
final class BlockMethods {
    private BlockMethods() {
    }

    /** The unit classes, the model's unit fields and the block methods. */
    static void addTo(TypeSpec.Builder net, NetPlan plan) {
        for (Block block : plan.blocks()) {
            net.addType(holder(buffersClass(block), block.buffers(), "One " + block.name() + " unit's per-batch buffers, the same arrays"
                    + " as the fields of Buffers."));
        }
        addUnits(net, plan.blocks(), "The model's arrays and specs of one %s unit (%s) that its methods read, the same objects as the"
                + " model's fields of that unit.");
    }

    /**
     * The snapshot's unit classes (nested in it, so {@code BasicBlockUnit} there is the snapshot's),
     * its unit fields and its block methods, which take the model's unit buffers classes.
     */
    static void addToSnapshot(TypeSpec.Builder snapshot, NetPlan plan) {
        addUnits(snapshot, plan.snapshotBlocks(), "The snapshot's arrays and specs of one %s unit (%s) that its methods read (its"
                + " folded weights), the same objects as the snapshot's fields of that unit.");
    }

    private static void addUnits(TypeSpec.Builder type, List<Block> blocks, String unitDoc) {
        for (Block block : blocks) {
            type.addType(holder(unitClass(block), block.members(), String.format(Locale.ROOT, unitDoc, block.name(), block.declaredIn())));
            for (BlockUnit unit : block.units()) {
                type.addField(FieldSpec.builder(unitClass(block), unit.field(), PRIVATE, FINAL)
                        .addJavadoc("$L: its arrays for the $L methods\n", unit.label(), block.name()).build());
            }
            for (BlockPass pass : block.passes()) {
                type.addMethod(method(block, pass));
            }
        }
    }

    /** In a constructor, after its fields are assigned: each unit's object of the members of {@code blocks}. */
    static void construct(MethodSpec.Builder constructor, List<Block> blocks) {
        for (Block block : blocks) {
            for (BlockUnit unit : block.units()) {
                constructor.addStatement("$L = new $T($L)", unit.field(), unitClass(block), String.join(", ", unit.members()));
            }
        }
    }

    /** The buffers' unit fields, and their assignments at the end of the buffers' constructor. */
    static void addToBuffers(TypeSpec.Builder buffers, MethodSpec.Builder constructor, NetPlan plan) {
        for (Block block : plan.blocks()) {
            for (BlockUnit unit : block.units()) {
                buffers.addField(FieldSpec.builder(buffersClass(block), unit.field(), FINAL)
                        .addJavadoc("$L: its buffers for the $L methods\n", unit.label(), block.name()).build());
                constructor.addStatement("$L = new $T($L)", unit.field(), buffersClass(block), String.join(", ", unit.buffers()));
            }
        }
    }

    /** {@code steps} of pass {@code pass} with each unit's code replaced by the call of its block's method, one of {@code blocks}. */
    static List<Step> calls(List<Block> blocks, Pass pass, List<Step> steps) {
        List<Step> result = new ArrayList<>(steps);
        for (Block block : blocks) {
            if (block.passes().stream().noneMatch(p -> p.pass() == pass)) {
                continue;
            }
            for (BlockUnit unit : block.units()) {
                replace(result, unit, new Step(unit.field() + ": " + block.name() + ", " + unit.label()
                        + (pass == Pass.BACKWARD ? ", backward" : ""), call(block, pass, unit), unit.first()));
            }
        }
        return result;
    }

    private static void replace(List<Step> steps, BlockUnit unit, Step call) {
        int start = -1;
        int count = 0;
        for (int i = 0; i < steps.size(); i++) {
            int node = steps.get(i).node();
            if (node >= unit.first() && node < unit.end()) {
                start = start < 0 ? i : start;
                count++;
            }
        }
        if (start < 0) {
            return;
        }
        steps.subList(start, start + count).clear();
        steps.add(start, call);
    }

    private static CodeBlock call(Block block, Pass pass, BlockUnit unit) {
        List<String> arguments = new ArrayList<>(List.of(unit.field(), NetPlan.BUFFERS + "." + unit.field()));
        arguments.addAll(unit.arguments().get(pass));
        return CodeBlock.builder().addStatement("$L($L)", methodName(block, pass), String.join(", ", arguments)).build();
    }

    private static MethodSpec method(Block block, BlockPass pass) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(methodName(block, pass.pass())).addModifiers(PRIVATE)
                .addJavadoc("$L of one $L unit ($L): $L.\n", capitalized(pass.pass().what()), block.name(), block.declaredIn(),
                        String.join(", ", block.layers()))
                .addJavadoc("Every unit of the block runs it with its own arrays and buffers")
                .addJavadoc(pass.parameters().isEmpty() ? ".\n" : "; {@code input} is the unit's input"
                        + (pass.parameters().stream().anyMatch(p -> p.startsWith("inputGrad")) ? ", {@code inputGrad} receives dL/d(input)" : "")
                        + ".\n")
                .addParameter(unitClass(block), Block.UNIT)
                .addParameter(buffersClass(block), Block.BUFFERS);
        for (String parameter : pass.parameters()) {
            method.addParameter(parameter.equals("random") ? ND4J_RANDOM : INDARRAY, parameter);
        }
        NetWriter.steps(method, pass.steps());
        return method.build();
    }

    /** A class of final fields set by its constructor, in the order given. */
    private static TypeSpec holder(ClassName name, List<Member> members, String doc) {
        TypeSpec.Builder type = TypeSpec.classBuilder(name).addModifiers(PRIVATE, STATIC, FINAL).addJavadoc("$L\n", doc);
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
        for (Member member : members) {
            TypeName memberType = member.type() instanceof Class<?> c ? TypeName.get(c) : (TypeName) member.type();
            type.addField(memberType, member.name(), FINAL);
            constructor.addParameter(memberType, member.name()).addStatement("this.$L = $L", member.name(), member.name());
        }
        return type.addMethod(constructor.build()).build();
    }

    private static ClassName unitClass(Block block) {
        return ClassName.get("", block.name() + "Unit");
    }

    private static ClassName buffersClass(Block block) {
        return ClassName.get("", block.buffersName() + "Buffers");
    }

    private static String methodName(Block block, Pass pass) {
        return block.name().substring(0, 1).toLowerCase(Locale.ROOT) + block.name().substring(1) + pass.suffix();
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
