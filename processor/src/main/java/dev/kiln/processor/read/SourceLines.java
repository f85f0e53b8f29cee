package dev.kiln.processor.read;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the file and line of an element for the comments in generated code (e.g.
 * {@code FashionMlp.java:14}). Needs javac's tree API; under another compiler, or for elements
 * without source, it answers empty and the comment simply omits the location.
 */
public final class SourceLines {
    private final Trees trees;
    /** Locations found so far: every unit of a repeated block asks for its declaring field's. */
    private final Map<Element, Optional<String>> found = new HashMap<>();

    public SourceLines(ProcessingEnvironment env) {
        this.trees = treesOf(env);
    }

    private static Trees treesOf(ProcessingEnvironment env) {
        try {
            return Trees.instance(env);
        } catch (RuntimeException | LinkageError notJavac) {
            return null;
        }
    }

    /** False for an element read from a class file; true when there is a source position, or no way to tell (not javac). */
    public boolean hasSource(Element element) {
        if (trees == null) {
            return true;
        }
        try {
            return trees.getPath(element) != null;
        } catch (RuntimeException unavailable) {
            return true;
        }
    }

    /** {@code File.java:line}, or empty when unknown. */
    public Optional<String> locate(Element element) {
        return found.computeIfAbsent(element, this::find);
    }

    private Optional<String> find(Element element) {
        if (trees == null) {
            return Optional.empty();
        }
        try {
            TreePath path = trees.getPath(element);
            if (path == null) {
                return Optional.empty();
            }
            CompilationUnitTree unit = path.getCompilationUnit();
            long position = trees.getSourcePositions().getStartPosition(unit, path.getLeaf());
            long line = unit.getLineMap().getLineNumber(position);
            String file = unit.getSourceFile().getName();
            file = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
            return Optional.of(file + ":" + line);
        } catch (RuntimeException unavailable) {
            return Optional.empty();
        }
    }
}
