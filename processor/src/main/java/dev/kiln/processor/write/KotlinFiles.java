package dev.kiln.processor.write;

import com.squareup.kotlinpoet.FileSpec;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where {@link KotlinWriter}'s files go under kapt, and what of the model's Kotlin shape they need. */
public final class KotlinFiles {
    private KotlinFiles() {
    }

    /**
     * Writes {@code file} under {@code root} (kapt's generated-Kotlin directory), rendered in memory first
     * and moved into place, so a failure never leaves half a file for kotlinc to compile.
     */
    public static void write(Path root, FileSpec file) throws IOException {
        Path directory = file.getPackageName().isEmpty() ? root : root.resolve(file.getPackageName().replace('.', '/'));
        Files.createDirectories(directory);
        Path target = directory.resolve(file.getName() + ".kt");
        Path partial = directory.resolve(file.getName() + ".kt.partial");
        Files.writeString(partial, file.toString(), StandardCharsets.UTF_8);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The simple name of the model's companion object, or null without one. kapt's Java stub of a
     * Kotlin class with {@code companion object X} has a nested class X and a static final field X of
     * that type.
     */
    public static String companionOf(TypeElement model) {
        for (Element member : model.getEnclosedElements()) {
            if (member.getKind() == ElementKind.FIELD && member.getModifiers().contains(Modifier.STATIC)
                    && member.asType().toString().equals(model.getQualifiedName() + "." + member.getSimpleName())) {
                return member.getSimpleName().toString();
            }
        }
        return null;
    }
}
