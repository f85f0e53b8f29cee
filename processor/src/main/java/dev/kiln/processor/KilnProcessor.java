package dev.kiln.processor;

import com.google.auto.service.AutoService;
import com.squareup.javapoet.JavaFile;
import dev.kiln.dsl.Model;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.ModelSummary;
import dev.kiln.ir.ShapeInference;
import dev.kiln.processor.check.ModelChecker;
import dev.kiln.processor.plan.KernelPlanner;
import dev.kiln.processor.plan.LayerKinds;
import dev.kiln.processor.plan.NetPlan;
import dev.kiln.processor.read.AnnotationSites;
import dev.kiln.processor.read.ErroneousSource;
import dev.kiln.processor.read.ModelReader;
import dev.kiln.processor.read.ReadModel;
import dev.kiln.processor.read.SourceLines;
import dev.kiln.processor.write.KotlinFiles;
import dev.kiln.processor.write.KotlinWriter;
import dev.kiln.processor.write.NetWriter;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Kiln annotation processor. For every {@code @Model} class it runs four steps: read
 * (annotations to IR), check (shapes and lints), plan (kernels and buffers), write ({@code FooNet}).
 * A model with errors gets all of them reported and no generated class; the processor itself never
 * throws at the user.
 *
 * <p>Option {@code -Akiln.summary=true} prints each model's summary as a compile-time note.
 */
@AutoService(Processor.class)
public final class KilnProcessor extends AbstractProcessor {
    /** Processor option that prints the model summary at compile time. */
    public static final String SUMMARY_OPTION = "kiln.summary";
    /** Set by kapt to the directory for generated Kotlin: where {@link KotlinWriter} writes the Kotlin face of each net. */
    public static final String KAPT_KOTLIN_GENERATED = "kapt.kotlin.generated";

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(Model.class.getCanonicalName());
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(SUMMARY_OPTION, KAPT_KOTLIN_GENERATED);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    private GeneratedClassNames generatedClassNames;

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        generatedClassNames = new GeneratedClassNames(env.getElementUtils(), new SourceLines(env));
    }

    /** Models that depend on source javac could not resolve yet, by name, tried again in the next round. */
    private final Set<String> deferred = new LinkedHashSet<>();

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        List<TypeElement> models = new ArrayList<>();
        for (String name : deferred) {
            // The element of an earlier round is stale once javac re-enters the sources; look the model up afresh.
            TypeElement model = processingEnv.getElementUtils().getTypeElement(name);
            if (model != null) {
                models.add(model);
            }
        }
        deferred.clear();
        for (Element element : round.getElementsAnnotatedWith(Model.class)) {
            models.add((TypeElement) element);
        }
        for (TypeElement model : models) {
            if (!ErroneousSource.in(model)) {
                processModel(model);
            } else if (!round.processingOver()) {
                deferred.add(model.getQualifiedName().toString());
            }
            // Still erroneous in the last round: javac reports the error; Kiln adds nothing on top.
        }
        return false;
    }

    private static void reportTaken(Diagnostics diagnostics, TypeElement type, String generated, String reason) {
        diagnostics.report(Message.NET_CLASS_TAKEN, new Diagnostics.Site(type, AnnotationSites.find(type, Model.class).orElse(null), null),
                "rename the model or the other class; the generated class is named after the model (a nested model Outer.Inner "
                        + "gets Outer_InnerNet)", type.getQualifiedName(), generated, reason);
    }

    /** The exception and where it was thrown, so a bug report can point at the line without a debugger. */
    private static String describe(Exception e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length == 0 ? e.toString() : e + " at " + trace[0];
    }

    private void processModel(TypeElement type) {
        SourceLines sourceLines = new SourceLines(processingEnv);
        Diagnostics diagnostics = new Diagnostics(processingEnv.getMessager(), sourceLines::hasSource, Diagnostics.Site.of(type));
        try {
            Optional<ReadModel> read = new ModelReader(diagnostics, sourceLines, LayerKinds.readers()).read(type);
            if (read.isEmpty()) {
                return;
            }
            ReadModel model = read.get();
            ShapeInference.Result shapes = new ModelChecker(diagnostics).check(model);
            if (shapes == null || diagnostics.errorCount() > 0) {
                return;
            }
            NetPlan plan = new KernelPlanner(diagnostics, processingEnv.getElementUtils()).plan(model, shapes);
            if (plan == null) {
                return;
            }
            String generated = plan.packageName().isEmpty() ? plan.className() : plan.packageName() + "." + plan.className();
            Optional<String> taken = generatedClassNames.claim(generated, type);
            if (taken.isPresent()) {
                reportTaken(diagnostics, type, generated, taken.get());
                return;
            }
            JavaFile file = new NetWriter().write(plan);
            // Rendered completely in memory first: a model never leaves a half-written class behind.
            try {
                file.writeTo(processingEnv.getFiler());
            } catch (FilerException refused) {
                reportTaken(diagnostics, type, generated, "javac refuses to create it: " + refused.getMessage());
                return;
            }
            String kotlinOutput = processingEnv.getOptions().get(KAPT_KOTLIN_GENERATED);
            if (kotlinOutput != null) {
                KotlinFiles.write(Path.of(kotlinOutput), new KotlinWriter().write(plan, KotlinFiles.companionOf(type)));
            }
            if (Boolean.parseBoolean(processingEnv.getOptions().get(SUMMARY_OPTION))) {
                ModelGraph graph = model.graph();
                diagnostics.report(Message.SUMMARY, Diagnostics.Site.of(type), null, graph.name(), graph.input(), graph.loss().description(),
                        ModelSummary.of(graph).table());
            }
        } catch (IOException | RuntimeException e) {
            diagnostics.report(Message.INTERNAL_ERROR, Diagnostics.Site.of(type), null, type.getQualifiedName(), describe(e));
        }
    }
}
