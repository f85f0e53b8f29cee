package dev.kiln.processor.write;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.kiln.processor.plan.NetPlan;
import dev.kiln.processor.plan.NetPlan.BufferSlot;
import dev.kiln.processor.plan.NetPlan.Section;

import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.DATA_TYPE;
import static dev.kiln.processor.plan.RuntimeTypes.FEATURE_LAYOUT;
import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

/**
 * The nested per-batch buffers class. Its constructor creates every buffer; in a split model it
 * calls one method per section instead, so its fields are assigned there and cannot be final (the
 * class is private to the net, and nothing assigns them after construction).
 */
final class BuffersClass {
    private BuffersClass() {
    }

    static TypeSpec of(NetPlan plan, ClassName buffers) {
        TypeSpec.Builder buffersType = TypeSpec.classBuilder(buffers).addModifiers(STATIC, FINAL)
                .addJavadoc("Per-batch arrays for one batch size n: layer outputs, pre-activations, masks and gradients.\n")
                .addJavadoc("Not private only because the base class's type parameter names it.\n");
        MethodSpec.Builder constructor = parameters(MethodSpec.constructorBuilder(), plan);
        for (BufferSlot buffer : plan.buffers()) {
            TypeName type = (TypeName) buffer.type();
            FieldSpec.Builder field = plan.isSplit() ? FieldSpec.builder(type, buffer.field()) : FieldSpec.builder(type, buffer.field(), FINAL);
            buffersType.addField(field.addJavadoc("$L\n", buffer.comment()).build());
        }
        if (!plan.isSplit()) {
            plan.buffers().forEach(buffer -> constructor.addStatement("$L = $L", buffer.field(), buffer.initializer()));
            BlockMethods.addToBuffers(buffersType, constructor, plan);
            return buffersType.addMethod(constructor.build()).build();
        }
        Sections sections = new Sections(plan);
        List<List<BufferSlot>> groups = sections.group(plan.buffers(), BufferSlot::node);
        String arguments = plan.usesLayout() ? "n, dataType, layout" : "n, dataType";
        for (int s = 0; s < groups.size(); s++) {
            if (groups.get(s).isEmpty()) {
                continue;
            }
            Section section = sections.all().get(s);
            MethodSpec.Builder allocate = parameters(MethodSpec.methodBuilder("allocate" + section.name()).addModifiers(PRIVATE), plan)
                    .addJavadoc("The buffers of $L.\n", section.label());
            groups.get(s).forEach(buffer -> allocate.addStatement("$L = $L", buffer.field(), buffer.initializer()));
            buffersType.addMethod(allocate.build());
            constructor.addStatement("allocate$L($L)", section.name(), arguments);
        }
        BlockMethods.addToBuffers(buffersType, constructor, plan);
        return buffersType.addMethod(constructor.build()).build();
    }

    private static MethodSpec.Builder parameters(MethodSpec.Builder method, NetPlan plan) {
        method.addParameter(long.class, "n").addParameter(DATA_TYPE, "dataType");
        if (plan.usesLayout()) {
            method.addParameter(FEATURE_LAYOUT, "layout");
        }
        return method;
    }
}
