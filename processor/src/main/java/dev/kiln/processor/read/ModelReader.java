package dev.kiln.processor.read;

import dev.kiln.dsl.Layer;
import dev.kiln.ir.TrainingSpec;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Model;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.Shape;
import dev.kiln.processor.Diagnostics;
import dev.kiln.processor.Diagnostics.Site;
import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step 1, read: turns a {@code @Model} class into IR pieces. Layers are the annotated fields in
 * declaration order, those of superclasses first. Problems with single annotations are reported
 * here, at the attribute; problems between layers are left to the checker.
 */
public final class ModelReader {
    private final Diagnostics diagnostics;
    private final SourceLines sourceLines;
    /** One per layer annotation, supplied by the layer kinds. */
    private final List<LayerReader> readers;

    public ModelReader(Diagnostics diagnostics, SourceLines sourceLines, List<LayerReader> readers) {
        this.diagnostics = diagnostics;
        this.sourceLines = sourceLines;
        this.readers = List.copyOf(readers);
    }

    /** @return the model, or empty when the annotated element cannot be a model at all */
    public Optional<ReadModel> read(TypeElement type) {
        AnnotationMirror modelMirror = AnnotationSites.find(type, Model.class).orElseThrow();
        if (!isModelKind(type, modelMirror)) {
            return Optional.empty();
        }
        ReadContext context = new ReadContext(type.getSimpleName().toString(), diagnostics);
        AnnotationValues model = context.values(Model.class, modelMirror);
        BlockReader blocks = new BlockReader(context, this::blockLayers);
        List<Declaration> declarations = new ArrayList<>();
        Map<String, VariableElement> seen = new HashMap<>();
        for (VariableElement field : fieldsInOrder(type)) {
            List<AnnotationMirror> kiln = kilnAnnotations(field);
            if (kiln.size() > 1) {
                reportSecondAnnotation(field, kiln, context);
                declarations.add(new Declaration.Invalid(field.getSimpleName().toString(), field, kiln.get(0)));
                continue;
            }
            Optional<Declaration> block = blocks.read(field);
            if (block.isPresent()) {
                if (isUnique(field, Site.of(field), context, seen)) {
                    declarations.add(block.get());
                }
            } else {
                readField(field, context, seen).map(Declaration.Layer::new).ifPresent(declarations::add);
            }
        }
        Shape input = Shape.of(model.getIntArray("input"));
        Loss loss = model.getEnum("loss", Loss.class);
        GraphExpander.Expansion expansion = new GraphExpander(context, sourceLines, input).expand(declarations);
        List<LayerSite> layers = expansion.sites();
        if (layers.stream().allMatch(LayerSite::isValid)) {
            layers = InitDefaults.resolve(layers, ReadModel.graph(context.modelName(), input, loss, layers));
            layers = RedundantBias.drop(layers, ReadModel.graph(context.modelName(), input, loss, layers), context);
        }
        TrainingSpec training = TrainingReader.read(model, type, modelMirror, context);
        return Optional.of(new ReadModel(type, modelMirror, input, loss, layers, expansion.parts(), training, sourceLines.locate(type)));
    }

    /**
     * Whether the annotated type can be a model. Local classes never get here: javac does not hand
     * annotations inside method bodies to processors, so a {@code @Model} local class is ignored
     * without a message (docs/diagnostics.md).
     */
    private boolean isModelKind(TypeElement type, AnnotationMirror mirror) {
        String what = switch (type.getKind()) {
            case INTERFACE -> "interface";
            case ENUM -> "enum";
            case ANNOTATION_TYPE -> "annotation type";
            case RECORD -> "record";
            default -> null;
        };
        if (what == null && type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
            what = "non-static inner class";
        }
        if (what == null) {
            return true;
        }
        diagnostics.report(Message.MODEL_KIND, new Site(type, mirror, null),
                what.equals("non-static inner class") ? "make it a static nested class" : "declare the model as a class whose fields are its layers",
                what, type.getQualifiedName());
        return false;
    }

    /** Fields of the class and its superclasses, superclass fields first, each in declaration order. */
    private static List<VariableElement> fieldsInOrder(TypeElement type) {
        Deque<TypeElement> chain = new ArrayDeque<>();
        for (TypeElement t = type; t != null; t = superclassOf(t)) {
            chain.push(t);
        }
        List<VariableElement> fields = new ArrayList<>();
        for (TypeElement t : chain) {
            fields.addAll(ElementFilter.fieldsIn(t.getEnclosedElements()));
        }
        return fields;
    }

    private static TypeElement superclassOf(TypeElement type) {
        TypeMirror superclass = type.getSuperclass();
        if (superclass.getKind() != TypeKind.DECLARED) {
            return null;
        }
        TypeElement element = (TypeElement) ((DeclaredType) superclass).asElement();
        return element.getQualifiedName().contentEquals("java.lang.Object") ? null : element;
    }

    /** The layer fields of a block class, read like a model's; a block inside a block is an error. */
    private List<LayerSite> blockLayers(TypeElement block, ReadContext context) {
        List<LayerSite> layers = new ArrayList<>();
        Map<String, VariableElement> seen = new HashMap<>();
        for (VariableElement field : fieldsInOrder(block)) {
            Optional<AnnotationMirror> nested = BlockReader.BLOCK_ANNOTATIONS.stream()
                    .flatMap(annotation -> AnnotationSites.find(field, annotation).stream()).findFirst();
            if (nested.isPresent()) {
                context.diagnostics().report(Message.BLOCK, new Site(field, nested.get(), null),
                        "declare the stage or transition in the model class, after this block's field",
                        field.getSimpleName(), context.modelName(), "blocks do not nest: block class " + block.getSimpleName()
                                + " declares a block itself");
                layers.add(invalid(field.getSimpleName().toString(), field, nested.get()));
                continue;
            }
            readField(field, context, seen).ifPresent(layers::add);
        }
        return layers;
    }

    /** Records the field's name; false after reporting (at {@code site}) a field of the same name declared before it. */
    private boolean isUnique(VariableElement field, Site site, ReadContext context, Map<String, VariableElement> seen) {
        String name = field.getSimpleName().toString();
        VariableElement previous = seen.putIfAbsent(name, field);
        if (previous != null) {
            context.diagnostics().report(Message.DUPLICATE_LAYER, site, "rename one of them; a layer's name is its field name everywhere",
                    context.modelName(), name, "once in " + previous.getEnclosingElement().getSimpleName()
                            + " and again in " + field.getEnclosingElement().getSimpleName());
            return false;
        }
        return true;
    }

    /** The layer and block annotations on a field, in source order. */
    private List<AnnotationMirror> kilnAnnotations(VariableElement field) {
        List<AnnotationMirror> kiln = new ArrayList<>();
        for (AnnotationMirror mirror : field.getAnnotationMirrors()) {
            TypeElement annotation = (TypeElement) mirror.getAnnotationType().asElement();
            boolean layer = readers.stream().anyMatch(reader -> annotation.getQualifiedName().contentEquals(reader.annotationType().getCanonicalName()));
            boolean block = BlockReader.BLOCK_ANNOTATIONS.stream().anyMatch(type -> annotation.getQualifiedName().contentEquals(type.getCanonicalName()));
            if (layer || block) {
                kiln.add(mirror);
            }
        }
        return kiln;
    }

    /** One field declares one layer or block: a second annotation is reported at itself. */
    private void reportSecondAnnotation(VariableElement field, List<AnnotationMirror> kiln, ReadContext context) {
        context.diagnostics().report(Message.CONFLICTING_OPTIONS, new Site(field, kiln.get(1), null), "declare one layer or block per field",
                field.getSimpleName(), context.modelName(), "the field has both @" + simpleName(kiln.get(0)) + " and @" + simpleName(kiln.get(1)));
    }

    private static String simpleName(AnnotationMirror mirror) {
        return mirror.getAnnotationType().asElement().getSimpleName().toString();
    }

    private Optional<LayerSite> readField(VariableElement field, ReadContext context, Map<String, VariableElement> seen) {
        String name = field.getSimpleName().toString();
        List<AnnotationMirror> kiln = kilnAnnotations(field);
        if (kiln.size() > 1) {
            reportSecondAnnotation(field, kiln, context);
            return Optional.of(invalid(name, field, kiln.get(0)));
        }
        List<LayerReader> found = new ArrayList<>();
        List<AnnotationMirror> mirrors = new ArrayList<>();
        for (LayerReader reader : readers) {
            AnnotationSites.find(field, reader.annotationType()).ifPresent(mirror -> {
                found.add(reader);
                mirrors.add(mirror);
            });
        }
        boolean isLayerType = isLayerType(field.asType());
        if (found.isEmpty()) {
            if (isLayerType) {
                context.diagnostics().report(Message.NOT_A_LAYER, Site.of(field),
                        "annotate it with the layer it is, e.g. @Dense(units = 64), or change its type",
                        name, context.modelName(), "has type Layer but no layer annotation (@Dense, @Dropout, @BatchNorm, ...)");
            }
            return Optional.empty();
        }
        AnnotationMirror mirror = mirrors.get(0);
        Site site = new Site(field, mirror, null);
        if (!isLayerType) {
            context.diagnostics().report(Message.NOT_A_LAYER, site, "declare it as `" + "Layer " + name + ";` (dev.kiln.dsl.Layer)",
                    name, context.modelName(), "is annotated @" + simpleName(found.get(0)) + " but has type " + field.asType()
                            + "; layer fields have type dev.kiln.dsl.Layer");
            return Optional.of(invalid(name, field, mirror));
        }
        if (field.getModifiers().contains(Modifier.STATIC)) {
            context.diagnostics().report(Message.NOT_A_LAYER, site, "remove static", name, context.modelName(),
                    "is static; layers are instance fields of the model");
            return Optional.of(invalid(name, field, mirror));
        }
        if (!isUnique(field, site, context, seen)) {
            return Optional.of(invalid(name, field, mirror));
        }
        if (!NumberAttributes.check(field, mirror, "layer '" + name + "' of model " + context.modelName(), context.diagnostics())) {
            return Optional.of(invalid(name, field, mirror));
        }
        LayerSpec spec = found.get(0).read(field, mirror, context);
        return Optional.of(new LayerSite(name, field, mirror, spec, sourceLines.locate(field)));
    }

    private LayerSite invalid(String name, VariableElement field, AnnotationMirror mirror) {
        return new LayerSite(name, field, mirror, null, Optional.empty());
    }

    static boolean isLayerType(TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        Element element = ((DeclaredType) type).asElement();
        return element.getKind() == ElementKind.CLASS
                && ((TypeElement) element).getQualifiedName().contentEquals(Layer.class.getCanonicalName());
    }

    private static String simpleName(LayerReader reader) {
        return reader.annotationType().getSimpleName();
    }
}
