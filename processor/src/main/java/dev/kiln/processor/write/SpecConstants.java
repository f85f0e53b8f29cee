package dev.kiln.processor.write;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.processor.plan.NetPlan;
import dev.kiln.processor.plan.NetPlan.GraphNode;
import dev.kiln.processor.plan.NetPlan.Section;
import dev.kiln.processor.plan.NetPlan.SpecConstant;

import java.util.ArrayList;
import java.util.List;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

/**
 * The layers' spec constants and the GRAPH constant built from them. Unsplit, the specs are static
 * finals of the net class and GRAPH one expression: {@code ModelGraph.chain} for a chain, the
 * builder layer by layer otherwise. Split, each section's specs live in a nested class of their own
 * (its own class initializer, so none grows past the JVM's limit on a method), which the file
 * imports statically so that code names them as before, and which adds its layers to GRAPH.
 */
final class SpecConstants {
    private static final String GRAPH_BUILDER = "graph";

    private SpecConstants() {
    }

    /** Adds the specs and GRAPH to the net class; returns the nested classes whose members the file imports statically. */
    static List<ClassName> addTo(TypeSpec.Builder type, ClassName self, NetPlan plan, Sections sections) {
        FieldSpec.Builder graph = FieldSpec.builder(ModelGraph.class, "GRAPH", PUBLIC, STATIC, FINAL)
                .addJavadoc("The model as data. Shape inference on it validates inputs at run time, as it checked them at compile time.\n");
        if (!plan.isSplit()) {
            for (SpecConstant spec : plan.specs()) {
                type.addField(field(spec));
            }
            type.addField(graph.initializer(literal(plan.graph())).build());
            return List.of();
        }
        List<ClassName> holders = new ArrayList<>();
        List<List<SpecConstant>> specs = sections.group(plan.specs(), SpecConstant::node);
        List<List<GraphNode>> nodes = sections.group(plan.graph().nodes(), GraphNode::node);
        MethodSpec.Builder build = MethodSpec.methodBuilder("buildGraph").addModifiers(PRIVATE, STATIC).returns(ModelGraph.class)
                .addJavadoc("GRAPH, layer by layer: each section's spec class adds its own.\n")
                .addStatement("$T $L = $T.builder($L)", ModelGraph.Builder.class, GRAPH_BUILDER, ModelGraph.class, plan.graph().arguments());
        for (int s = 0; s < sections.all().size(); s++) {
            Section section = sections.all().get(s);
            ClassName holder = self.nestedClass(section.name() + "Specs");
            TypeSpec.Builder specClass = TypeSpec.classBuilder(holder).addModifiers(STATIC, FINAL)
                    .addJavadoc("The layer specs of $L.\n", section.label());
            specs.get(s).forEach(spec -> specClass.addField(field(spec)));
            MethodSpec.Builder addTo = MethodSpec.methodBuilder("addTo").addModifiers(STATIC)
                    .addParameter(ModelGraph.Builder.class, GRAPH_BUILDER)
                    .addJavadoc("Adds the layers of $L to the graph, in order.\n", section.label());
            nodes.get(s).forEach(node -> addTo.addStatement("$L$L", GRAPH_BUILDER, layerCall(node)));
            type.addType(specClass.addMethod(MethodSpec.constructorBuilder().addModifiers(PRIVATE).build())
                    .addMethod(addTo.build()).build());
            // $L, not $T: JavaPoet would drop a statically imported class's name, and every spec class has an addTo.
            build.addStatement("$L.addTo($L)", holder.simpleName(), GRAPH_BUILDER);
            holders.add(holder);
        }
        type.addField(graph.initializer("buildGraph()").build());
        sections.add(build.addStatement("return $L.build()", GRAPH_BUILDER).build());
        return holders;
    }

    private static FieldSpec field(SpecConstant spec) {
        TypeName specType = spec.type() instanceof TypeName name ? name : TypeName.get((Class<?>) spec.type());
        return FieldSpec.builder(specType, spec.name(), STATIC, FINAL).addJavadoc("$L\n", spec.comment()).initializer(spec.initializer())
                .build();
    }

    /** The unsplit GRAPH: a chain as {@code ModelGraph.chain}, a graph with blocks layer by layer with the layers each reads. */
    private static CodeBlock literal(NetPlan.Graph graph) {
        if (graph.isChain()) {
            CodeBlock.Builder code = CodeBlock.builder().add("$T.chain($L$>$>", ModelGraph.class, graph.arguments());
            for (GraphNode node : graph.nodes()) {
                code.add(",\n$L", node.specConstant());
            }
            return code.add(")$<$<").build();
        }
        CodeBlock.Builder code = CodeBlock.builder().add("$T.builder($L)$>$>", ModelGraph.class, graph.arguments());
        for (GraphNode node : graph.nodes()) {
            code.add("\n$L", layerCall(node));
        }
        return code.add("\n.build()$<$<").build();
    }

    /** {@code .layer(SPEC)}, or {@code .layer(SPEC, "shortcut", "branch")} for a layer that does not read the one before it. */
    private static CodeBlock layerCall(GraphNode node) {
        CodeBlock.Builder code = CodeBlock.builder().add(".layer($L", node.specConstant());
        for (String input : node.inputs()) {
            code.add(", $S", input);
        }
        return code.add(")").build();
    }
}
