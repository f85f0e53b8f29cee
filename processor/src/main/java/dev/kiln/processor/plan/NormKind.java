package dev.kiln.processor.plan;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.kiln.dsl.BatchNorm;
import dev.kiln.dsl.GroupNorm;
import dev.kiln.dsl.InstanceNorm;
import dev.kiln.dsl.LayerNorm;
import dev.kiln.dsl.Numbers;
import dev.kiln.dsl.RmsNorm;
import dev.kiln.dsl.Scheme;
import dev.kiln.ir.InitSpec;
import dev.kiln.ir.LayerSpec;
import dev.kiln.ir.NormSpec;
import dev.kiln.ir.Shape;
import dev.kiln.processor.Message;
import dev.kiln.processor.plan.NetPlan.ParameterSlot;
import dev.kiln.processor.read.AnnotationSites;
import dev.kiln.processor.read.AnnotationValues;
import dev.kiln.processor.read.LayerReader;
import dev.kiln.processor.read.ReadContext;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.lang.annotation.Annotation;
import java.util.List;

import static dev.kiln.processor.plan.RuntimeTypes.BATCH_NORM_BUFFERS;
import static dev.kiln.processor.plan.RuntimeTypes.BATCH_NORM_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.BATCH_NORM_LAYER;
import static dev.kiln.processor.plan.RuntimeTypes.GROUP_NORM_LAYER;
import static dev.kiln.processor.plan.RuntimeTypes.MOMENTS;
import static dev.kiln.processor.plan.RuntimeTypes.NORM_AFFINE;
import static dev.kiln.processor.plan.RuntimeTypes.NORM_BUFFERS;
import static dev.kiln.processor.plan.RuntimeTypes.NORM_LAYER;
import static dev.kiln.processor.plan.RuntimeTypes.RMS_NORM_BUFFERS;
import static dev.kiln.processor.plan.RuntimeTypes.GROUP_NORM_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.INSTANCE_NORM_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.LAYER_NORM_KERNEL;
import static dev.kiln.processor.plan.RuntimeTypes.ND4J;
import static dev.kiln.processor.plan.RuntimeTypes.RMS_NORM_KERNEL;

/**
 * Normalization layers. Batch norm differs between modes: training normalizes with batch
 * statistics and updates the running ones; inference uses the running statistics, and in the
 * inference snapshot nothing at all when it is folded into the Dense or Conv2d layer before it. The
 * others run the same code in both modes. Batch norm of 4-D arrays takes the convolution layout.
 *
 * <p>The five annotations ({@code @BatchNorm}, {@code @LayerNorm}, {@code @GroupNorm},
 * {@code @InstanceNorm}, {@code @RmsNorm}) are read alike: they share eps and affine and differ only
 * in decay and groups.
 */
final class NormKind implements LayerKind {

    @Override
    public List<Class<? extends LayerSpec>> specs() {
        return List.of(NormSpec.class);
    }

    @Override
    public List<LayerReader> readers() {
        return List.of(reader(BatchNorm.class, NormSpec.Kind.BATCH), reader(LayerNorm.class, NormSpec.Kind.LAYER),
                reader(GroupNorm.class, NormSpec.Kind.GROUP), reader(InstanceNorm.class, NormSpec.Kind.INSTANCE),
                reader(RmsNorm.class, NormSpec.Kind.RMS));
    }

    @Override
    public boolean takesLayout(LayerSpec spec, Shape input) {
        return ((NormSpec) spec).norm() == NormSpec.Kind.BATCH && input.rank() == 3;
    }

    private static LayerReader reader(Class<? extends Annotation> annotation, NormSpec.Kind kind) {
        return LayerReader.of(annotation, (field, mirror, context) -> read(annotation, kind, field, mirror, context));
    }

    private static LayerSpec read(Class<? extends Annotation> annotation, NormSpec.Kind kind, VariableElement field,
                                  AnnotationMirror mirror, ReadContext context) {
        AnnotationValues values = context.values(annotation, mirror);
        String layer = field.getSimpleName().toString();
        double eps = values.getDouble("eps");
        boolean affine = values.getBoolean("affine");
        boolean ok = check(eps > 0 && Double.isFinite(eps), field, mirror, "eps", context,
                "eps = " + Numbers.compact(eps) + " must be positive; it keeps the division finite when a variance is 0", "use 1e-5");
        double decay = Double.NaN;
        int groups = 0;
        if (kind == NormSpec.Kind.BATCH) {
            decay = values.getDouble("decay");
            ok &= check(decay >= 0 && decay < 1, field, mirror, "decay", context,
                    "decay = " + Numbers.compact(decay) + " must lie in [0, 1); running statistics keep decay of their old value",
                    "use 0.9 (PyTorch's momentum 0.1)");
        }
        if (kind == NormSpec.Kind.GROUP) {
            groups = values.getInt("groups");
            ok &= check(groups >= 0, field, mirror, "groups", context,
                    "groups = " + groups + " must be positive, or 0 for min(32, channels)", "leave groups unset for min(32, C)");
        }
        if (!ok) {
            return null;
        }
        return new NormSpec(layer, kind, eps, affine, decay, groups);
    }

    private static boolean check(boolean valid, VariableElement field, AnnotationMirror mirror, String attribute,
                                 ReadContext context, String problem, String hint) {
        if (!valid) {
            context.diagnostics().report(Message.NORM_PARAMETER, AnnotationSites.attribute(field, mirror, attribute), hint,
                    field.getSimpleName(), context.modelName(), problem);
        }
        return valid;
    }

    @Override
    public void declare(LayerContext layer, PlanBuilder plan) {
        NormSpec norm = (NormSpec) layer.spec();
        plan.specConstant(layer.specConstant(), NormSpec.class, CodeBlock.of("new $T($S, $T.Kind.$L, $L, $L, $L, $L)", NormSpec.class,
                norm.name(), NormSpec.class, norm.norm(), norm.eps(), norm.affine(),
                Double.isNaN(norm.decay()) ? "Double.NaN" : Double.toString(norm.decay()), norm.groups()), layer.header());
        long[] affine = norm.affineShape(layer.input());
        if (norm.affine()) {
            plan.parameter(new ParameterSlot(norm.name(), "gamma", "NORM", layer.member("Gamma"), layer.member("GammaGrad"), affine,
                    CodeBlock.of("$T.constant(1.0)", InitSpec.class), norm.name() + " scale gamma " + Names.shape(affine) + ", ones"));
            if (norm.hasBeta()) {
                plan.parameter(new ParameterSlot(norm.name(), "beta", "NORM", layer.member("Beta"), layer.member("BetaGrad"), affine,
                        CodeBlock.of("$T.of($T.ZEROS)", InitSpec.class, Scheme.class), norm.name() + " shift beta " + Names.shape(affine) + ", zeros"));
            }
        }
        Shape in = layer.input();
        switch (norm.norm()) {
            case BATCH -> {
                String channels = Long.toString(in.dim(0));
                plan.state(norm.name(), "runningMean", layer.member("RunningMean"), CodeBlock.of("$T.zeros(dataType, $L)", ND4J, channels),
                        norm.name() + " running mean [" + channels + "], used at inference");
                plan.state(norm.name(), "runningVar", layer.member("RunningVar"), CodeBlock.of("$T.ones(dataType, $L)", ND4J, channels),
                        norm.name() + " running variance (unbiased) [" + channels + "], used at inference");
                plan.trainingScratch(layer.member("BatchMean"), CodeBlock.of("$T.zeros(dataType, $L)", ND4J, channels),
                        norm.name() + " mean of the last training batch");
                plan.trainingScratch(layer.member("BatchVar"), CodeBlock.of("$T.zeros(dataType, $L)", ND4J, channels),
                        norm.name() + " biased variance of the last training batch");
            }
            case LAYER -> {
                plan.buffer(layer.member("Mean"), Shape.of(), norm.name() + " mean per example");
                plan.buffer(layer.member("Var"), Shape.of(), norm.name() + " variance per example");
            }
            case GROUP -> {
                Shape groups = Shape.of(norm.groupsFor(in.dim(0)));
                plan.buffer(layer.member("Mean"), groups, norm.name() + " mean per example and group");
                plan.buffer(layer.member("Var"), groups, norm.name() + " variance per example and group");
            }
            case INSTANCE -> {
                plan.buffer(layer.member("Mean"), Shape.of(in.dim(0)), norm.name() + " mean per example and channel");
                plan.buffer(layer.member("Var"), Shape.of(in.dim(0)), norm.name() + " variance per example and channel");
            }
            case RMS -> plan.buffer(layer.member("Rms"), Shape.of(), norm.name() + " root mean square per example");
        }
        if (norm.norm() != NormSpec.Kind.RMS) {
            plan.buffer(layer.member("XHat"), layer.output(), norm.name() + " normalized input, before gamma and beta");
        }
        plan.buffer(layer.member("Out"), layer.output(), norm.name() + " output");
        declareRecords(layer, plan);
    }

    /**
     * The layer's record for its kernels ({@code bn1}: γ, β, their gradients, statistics, ε, decay),
     * built once in the model's and the snapshot's constructors, and the record of its per-batch
     * buffers ({@code buffers.bn1}), built once per batch size.
     */
    private static void declareRecords(LayerContext layer, PlanBuilder plan) {
        NormSpec norm = (NormSpec) layer.spec();
        String spec = layer.specConstant();
        CodeBlock trained = affine(layer, true);
        CodeBlock frozen = affine(layer, false);
        String name = layer.name();
        switch (norm.norm()) {
            case BATCH -> {
                CodeBlock running = CodeBlock.of("new $T($L, $L)", MOMENTS, layer.member("RunningMean"), layer.member("RunningVar"));
                plan.layerRecord(name, BATCH_NORM_LAYER,
                        CodeBlock.of("new $T($L, $L, new $T($L, $L), $L.eps(), $L.decay())", BATCH_NORM_LAYER, trained, running, MOMENTS,
                                layer.member("BatchMean"), layer.member("BatchVar"), spec, spec),
                        CodeBlock.of("new $T($L, $L, null, $L.eps(), $L.decay())", BATCH_NORM_LAYER, frozen, running, spec, spec),
                        name + ": gamma, beta, their gradients, running and batch statistics, eps and decay, for the kernels");
                plan.bufferRecord(name, BATCH_NORM_BUFFERS, CodeBlock.of("new $T($L, $L)", BATCH_NORM_BUFFERS, layer.member("XHat"),
                        layer.member("Out")), name + " normalized input and output, for the kernels");
            }
            case LAYER, INSTANCE, RMS -> plan.layerRecord(name, NORM_LAYER, CodeBlock.of("new $T($L, $L.eps())", NORM_LAYER, trained, spec),
                    CodeBlock.of("new $T($L, $L.eps())", NORM_LAYER, frozen, spec), name + ": its parameters, their gradients and eps, for the kernels");
            case GROUP -> {
                int groups = norm.groupsFor(layer.input().dim(0));
                plan.layerRecord(name, GROUP_NORM_LAYER, CodeBlock.of("new $T($L, $L, $L.eps())", GROUP_NORM_LAYER, trained, groups, spec),
                        CodeBlock.of("new $T($L, $L, $L.eps())", GROUP_NORM_LAYER, frozen, groups, spec),
                        name + ": its parameters, their gradients, " + groups + " groups and eps, for the kernels");
            }
        }
        switch (norm.norm()) {
            case LAYER, GROUP, INSTANCE -> plan.bufferRecord(name, NORM_BUFFERS, CodeBlock.of("new $T(new $T($L, $L), $L, $L)", NORM_BUFFERS,
                    MOMENTS, layer.member("Mean"), layer.member("Var"), layer.member("XHat"), layer.member("Out")),
                    name + " statistics, normalized input and output, for the kernels");
            case RMS -> plan.bufferRecord(name, RMS_NORM_BUFFERS, CodeBlock.of("new $T($L, $L)", RMS_NORM_BUFFERS, layer.member("Rms"),
                    layer.member("Out")), name + " root mean squares and output, for the kernels");
            case BATCH -> {
            }
        }
    }

    /** {@code new NormAffine(bn1Gamma, bn1Beta, bn1GammaGrad, bn1BetaGrad)}; without gradients for the snapshot. */
    private static CodeBlock affine(LayerContext layer, boolean withGradients) {
        NormSpec norm = (NormSpec) layer.spec();
        if (!norm.affine()) {
            return CodeBlock.of("$T.NONE", NORM_AFFINE);
        }
        if (!withGradients) {
            return CodeBlock.of("$T.of($L, $L)", NORM_AFFINE, gamma(layer), beta(layer));
        }
        return CodeBlock.of("new $T($L, $L, $L, $L)", NORM_AFFINE, gamma(layer), beta(layer), layer.member("GammaGrad"),
                norm.hasBeta() ? layer.member("BetaGrad") : "null");
    }

    @Override
    public String inference(LayerContext layer, PlanBuilder plan, String input) {
        NormSpec norm = (NormSpec) layer.spec();
        if (norm.norm() != NormSpec.Kind.BATCH) {
            plan.inference(layer.comment(), sameInBothModes(layer, input));
            return out(layer);
        }
        CodeBlock code = CodeBlock.builder()
                .addStatement("$T.forwardInference($L$L, $L, $L)", BATCH_NORM_KERNEL, layer.layoutArgument(), input, layer.name(),
                        out(layer))
                .build();
        if (layer.foldedIntoPrevious()) {
            // The snapshot's folded layer before it has written out(layer) already.
            plan.modelInference(layer.comment() + ", running statistics", code);
        } else {
            plan.inference(layer.comment() + ", running statistics", code);
        }
        return out(layer);
    }

    @Override
    public String training(LayerContext layer, PlanBuilder plan, String input) {
        NormSpec norm = (NormSpec) layer.spec();
        if (norm.norm() != NormSpec.Kind.BATCH) {
            plan.training(layer.comment(), sameInBothModes(layer, input));
            return out(layer);
        }
        plan.training(layer.comment() + ", batch statistics; running statistics updated", CodeBlock.builder()
                .addStatement("inputCheck.batchStatistics($S, $L$L)", layer.name(), input, layer.inLayout() ? ", " + LayerContext.LAYOUT : "")
                .addStatement("$T.forwardTraining($L$L, $L, $L)", BATCH_NORM_KERNEL, layer.layoutArgument(), input, layer.name(),
                        layerBuffers(layer))
                .addStatement("$T.updateRunning($L$L, $L)", BATCH_NORM_KERNEL, layer.layoutArgument(), input, layer.name())
                .build());
        return out(layer);
    }

    private static CodeBlock sameInBothModes(LayerContext layer, String input) {
        NormSpec norm = (NormSpec) layer.spec();
        ClassName kernel = switch (norm.norm()) {
            case LAYER -> LAYER_NORM_KERNEL;
            case GROUP -> GROUP_NORM_KERNEL;
            case INSTANCE -> INSTANCE_NORM_KERNEL;
            case RMS -> RMS_NORM_KERNEL;
            case BATCH -> throw new IllegalStateException("batch norm differs between modes");
        };
        return CodeBlock.builder().addStatement("$T.forward($L, $L, $L)", kernel, input, layer.name(), layerBuffers(layer)).build();
    }

    @Override
    public void backward(LayerContext layer, PlanBuilder plan, String input, String output, String gradOut, String gradIn) {
        NormSpec norm = (NormSpec) layer.spec();
        if (gradIn == null && !norm.affine()) {
            return;
        }
        // The kernels always compute dx; with no layer upstream needing it, it overwrites dL/dy in place (allowed: dx may be dy).
        String dx = gradIn == null ? gradOut : gradIn;
        CodeBlock code = switch (norm.norm()) {
            case BATCH -> CodeBlock.builder().addStatement("$T.backward($L$L, $L, $L, $L)", BATCH_NORM_KERNEL, layer.layoutArgument(), gradOut,
                    layer.name(), layerBuffers(layer), dx).build();
            case LAYER, GROUP, INSTANCE -> CodeBlock.builder().addStatement("$T.backward($L, $L, $L, $L)", switch (norm.norm()) {
                case LAYER -> LAYER_NORM_KERNEL;
                case GROUP -> GROUP_NORM_KERNEL;
                default -> INSTANCE_NORM_KERNEL;
            }, gradOut, layer.name(), layerBuffers(layer), dx).build();
            case RMS -> CodeBlock.builder().addStatement("$T.backward($L, $L, $L, $L, $L)", RMS_NORM_KERNEL, gradOut, input, layer.name(),
                    layerBuffers(layer), dx).build();
        };
        plan.backward(layer.backwardComment(gradIn == null ? "; no input gradient needed" : ""), code);
    }

    private static String gamma(LayerContext layer) {
        return ((NormSpec) layer.spec()).affine() ? layer.member("Gamma") : "null";
    }

    private static String beta(LayerContext layer) {
        return ((NormSpec) layer.spec()).hasBeta() ? layer.member("Beta") : "null";
    }

    private static String buffer(LayerContext layer, String suffix) {
        return NetPlan.BUFFERS + "." + layer.member(suffix);
    }

    /** {@code buffers.bn1}: the layer's record of its per-batch buffers. */
    private static String layerBuffers(LayerContext layer) {
        return NetPlan.BUFFERS + "." + layer.name();
    }

    private static String out(LayerContext layer) {
        return buffer(layer, "Out");
    }
}
