package dev.kiln.processor.read;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.DenseBlock;
import dev.kiln.dsl.Residual;
import dev.kiln.dsl.Shortcut;
import dev.kiln.dsl.Transition;
import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.ConvSpec;
import dev.kiln.ir.WeightedSpec;
import dev.kiln.ir.Window;
import dev.kiln.ir.WindowedSpec;
import dev.kiln.processor.Diagnostics.Site;
import dev.kiln.processor.Message;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads the fields that declare blocks: {@code @Residual} and {@code @DenseBlock} on a field whose
 * type is the block class (its layer fields are read once, like a model's), and
 * {@code @Transition} on a {@code Layer} field. Attribute errors are reported at the attribute.
 */
final class BlockReader {
    /** The annotations that declare a block; they may not appear inside a block class. */
    static final List<Class<? extends java.lang.annotation.Annotation>> BLOCK_ANNOTATIONS =
            List.of(Residual.class, DenseBlock.class, Transition.class);

    private final ReadContext context;
    /** Reads a block class's layer fields, in order, as the model reader reads a model's, reporting through the context given. */
    private final BiFunction<TypeElement, ReadContext, List<LayerSite>> layersOf;

    BlockReader(ReadContext context, BiFunction<TypeElement, ReadContext, List<LayerSite>> layersOf) {
        this.context = context;
        this.layersOf = layersOf;
    }

    /** The block declared by the field, or empty when it carries no block annotation. */
    Optional<Declaration> read(VariableElement field) {
        Optional<AnnotationMirror> residual = AnnotationSites.find(field, Residual.class);
        if (residual.isPresent()) {
            return Optional.of(numbersOk(field, residual.get()) ? residual(field, residual.get()) : invalid(field, residual.get()));
        }
        Optional<AnnotationMirror> dense = AnnotationSites.find(field, DenseBlock.class);
        if (dense.isPresent()) {
            return Optional.of(numbersOk(field, dense.get()) ? denseBlock(field, dense.get()) : invalid(field, dense.get()));
        }
        return AnnotationSites.find(field, Transition.class)
                .map(mirror -> numbersOk(field, mirror) ? transition(field, mirror) : invalid(field, mirror));
    }

    /** An instance field (as layers are) whose number attributes are finite float32 values. */
    private boolean numbersOk(VariableElement field, AnnotationMirror mirror) {
        if (field.getModifiers().contains(Modifier.STATIC)) {
            context.diagnostics().report(Message.NOT_A_LAYER, new Site(field, mirror, null), "remove static", field.getSimpleName(),
                    context.modelName(), "is static; layers and blocks are instance fields of the model");
            return false;
        }
        return NumberAttributes.check(field, mirror, "block '" + field.getSimpleName() + "' of model " + context.modelName(),
                context.diagnostics());
    }

    private static Declaration invalid(VariableElement field, AnnotationMirror mirror) {
        return new Declaration.Invalid(field.getSimpleName().toString(), field, mirror);
    }

    private Declaration residual(VariableElement field, AnnotationMirror mirror) {
        String name = field.getSimpleName().toString();
        AnnotationValues values = context.values(Residual.class, mirror);
        List<LayerSite> block = blockLayers(field, mirror, "@Residual");
        boolean ok = block != null;
        int repeat = values.getInt("repeat");
        int width = values.getInt("width");
        int stride = values.getInt("stride");
        double survival = values.getDouble("survival");
        ok &= check(repeat >= 1, field, mirror, "repeat", "repeat = " + repeat + " must be at least 1", "use repeat = 2 for two units");
        ok &= check(width >= 1, field, mirror, "width", "width = " + width + " must be at least 1", "use width = 1 to keep the block's filters");
        ok &= check(stride >= 1, field, mirror, "stride", "stride = " + stride + " must be at least 1", "use stride = 2 to halve H and W");
        ok &= check(survival > 0 && survival <= 1, field, mirror, "survival",
                "survival = " + survival + " must lie in (0, 1]; it is the probability that a unit's branch runs in a training step",
                "use 1 for no stochastic depth, or e.g. 0.8");
        boolean linearDecay = values.getBoolean("linearDecay");
        ok &= check(!linearDecay || survival < 1, field, mirror, "linearDecay",
                "linearDecay = true decays the survival probability towards survival = 1, which is no decay",
                "give the last unit's survival probability, e.g. survival = 0.5");
        String strideAt = values.getString("strideAt");
        if (ok) {
            ok = checkWidth(field, mirror, block, width) & checkStrideTarget(field, mirror, block, strideAt, stride);
        }
        if (!ok) {
            return new Declaration.Invalid(name, field, mirror);
        }
        ActivationFunction activation = ActivationFunction.of(values.getEnum("activation", Activation.class));
        return new Declaration.ResidualStage(name, field, mirror, block, repeat, width, stride, strideAt, activation,
                values.getEnum("shortcut", Shortcut.class), values.getBoolean("projectionNorm"), survival, linearDecay);
    }

    private Declaration denseBlock(VariableElement field, AnnotationMirror mirror) {
        String name = field.getSimpleName().toString();
        AnnotationValues values = context.values(DenseBlock.class, mirror);
        List<LayerSite> block = blockLayers(field, mirror, "@DenseBlock");
        int repeat = values.getInt("repeat");
        int width = values.getInt("width");
        boolean ok = block != null;
        ok &= check(repeat >= 1, field, mirror, "repeat", "repeat = " + repeat + " must be at least 1", "use e.g. repeat = 6");
        ok &= check(width >= 1, field, mirror, "width", "width = " + width + " must be at least 1", "use width = 1 to keep the block's filters");
        ok = ok && checkWidth(field, mirror, block, width);
        return ok ? new Declaration.DenseStage(name, field, mirror, block, repeat, width) : new Declaration.Invalid(name, field, mirror);
    }

    private Declaration transition(VariableElement field, AnnotationMirror mirror) {
        String name = field.getSimpleName().toString();
        if (!ModelReader.isLayerType(field.asType())) {
            context.diagnostics().report(Message.NOT_A_LAYER, new Site(field, mirror, null), "declare it as `Layer " + name + ";`",
                    name, context.modelName(), "is annotated @Transition but has type " + field.asType()
                            + "; a transition adds its own layers, so its field has type dev.kiln.dsl.Layer");
            return invalid(field, mirror);
        }
        double compression = context.values(Transition.class, mirror).getDouble("compression");
        boolean ok = check(compression > 0 && compression <= 1, field, mirror, "compression",
                "compression = " + compression + " must lie in (0, 1]; the transition keeps floor(compression * C) channels",
                "use 0.5 (DenseNet-BC)");
        return ok ? new Declaration.Transition(name, field, mirror, compression) : new Declaration.Invalid(name, field, mirror);
    }

    /** The block class's layers, or null after reporting why the field's type is not a block. */
    private List<LayerSite> blockLayers(VariableElement field, AnnotationMirror mirror, String annotation) {
        String name = field.getSimpleName().toString();
        TypeElement block = field.asType().getKind() == TypeKind.DECLARED
                ? (TypeElement) ((DeclaredType) field.asType()).asElement() : null;
        if (block == null || block.getKind() != ElementKind.CLASS || block.getQualifiedName().contentEquals(dev.kiln.dsl.Layer.class.getCanonicalName())) {
            context.diagnostics().report(Message.BLOCK, new Site(field, mirror, null),
                    "declare a static nested class whose fields are the block's layers, and give the field that type, e.g. "
                            + "`" + annotation + "(repeat = 2) BasicBlock " + name + ";`",
                    name, context.modelName(), annotation + " needs the block class as the field's type, but the type is " + field.asType());
            return null;
        }
        if (block.getNestingKind().isNested() && !block.getModifiers().contains(Modifier.STATIC)) {
            context.diagnostics().report(Message.BLOCK, new Site(field, mirror, null), "make " + block.getSimpleName() + " static",
                    name, context.modelName(), "block class " + block.getSimpleName() + " is an inner class; a block is a static nested or top-level class");
            return null;
        }
        // A block class read from a class file has no source: its layers' problems are reported at this field.
        List<LayerSite> layers = layersOf.apply(block, context.usedAt(new Site(field, mirror, null)));
        if (layers.isEmpty()) {
            context.diagnostics().report(Message.BLOCK, new Site(field, mirror, null),
                    "declare the block's layers as annotated fields of " + block.getSimpleName() + ", e.g. @Conv2d(filters = 64, kernel = 3, same = true) Layer conv1;",
                    name, context.modelName(), "block class " + block.getSimpleName() + " declares no layers");
            return null;
        }
        return layers.stream().allMatch(LayerSite::isValid) ? layers : null;
    }

    /** The branch layer named by strideAt (or the first Conv2d) must exist and take a stride. */
    private boolean checkStrideTarget(VariableElement field, AnnotationMirror mirror, List<LayerSite> block, String strideAt, int stride) {
        if (strideAt.isEmpty()) {
            Optional<LayerSite> firstConv = block.stream().filter(site -> site.spec() instanceof ConvSpec).findFirst();
            if (firstConv.isPresent()) {
                return checkStrideProduct(field, mirror, firstConv.get(), stride);
            }
            return stride == 1 || check(false, field, mirror, "stride", "stride = " + stride + " needs a Conv2d in the block to take it",
                    "add a Conv2d to the block, or name a pooling layer with strideAt");
        }
        Optional<LayerSite> target = block.stream().filter(site -> site.name().equals(strideAt)).findFirst();
        if (target.isEmpty()) {
            return check(false, field, mirror, "strideAt", "strideAt = \"" + strideAt + "\" names no layer of the block; it has "
                    + block.stream().map(LayerSite::name).toList(), "name one of the block's Conv2d fields");
        }
        return check(target.get().spec() instanceof WindowedSpec windowed && windowed.takesStride(), field, mirror, "strideAt",
                "strideAt = \"" + strideAt + "\" names a " + target.get().spec().kind() + " layer, which has no stride",
                "name a Conv2d (or pooling) field of the block") && checkStrideProduct(field, mirror, target.get(), stride);
    }

    /** The stage's stride multiplies the layer's own; the product must still be an int. */
    private boolean checkStrideProduct(VariableElement field, AnnotationMirror mirror, LayerSite target, int stride) {
        Window window = ((WindowedSpec) target.spec()).window(); // checkStrideTarget found it windowed
        long product = (long) Math.max(window.strideH(), window.strideW()) * stride;
        return check(product <= Integer.MAX_VALUE, field, mirror, "stride", "stride = " + stride + " times the stride "
                + Math.max(window.strideH(), window.strideW()) + " of layer '" + target.name() + "' is " + product
                + ", more than the largest stride, 2^31 - 1", "use a smaller stride");
    }

    /** Widening multiplies every Dense and Conv2d layer's outputs; the products must still be ints. */
    private boolean checkWidth(VariableElement field, AnnotationMirror mirror, List<LayerSite> block, int width) {
        for (LayerSite site : block) {
            long outputs = site.spec() instanceof WeightedSpec weighted ? weighted.outputs() : 0;
            if (outputs * width > Integer.MAX_VALUE) {
                return check(false, field, mirror, "width", "width = " + width + " gives layer '" + site.name() + "' "
                        + outputs + " x " + width + " = " + outputs * width + " outputs, more than the largest size, 2^31 - 1", "use a smaller width");
            }
        }
        return true;
    }

    private boolean check(boolean valid, VariableElement field, AnnotationMirror mirror, String attribute, String problem, String hint) {
        if (!valid) {
            context.diagnostics().report(Message.BLOCK, AnnotationSites.attribute(field, mirror, attribute), hint,
                    field.getSimpleName(), context.modelName(), problem);
        }
        return valid;
    }
}
