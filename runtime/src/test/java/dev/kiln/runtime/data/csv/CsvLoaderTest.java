package dev.kiln.runtime.data.csv;

import dev.kiln.runtime.preprocess.InputPipeline;
import dev.kiln.runtime.preprocess.Standardize;
import dev.kiln.runtime.preprocess.TableEncoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvLoaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static double[][] rows(INDArray array) {
        return array.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    @Test
    void numericFeaturesAndAClassTargetByName() throws IOException {
        Path csv = file("fruit.csv", """
                weight,colour score,kind
                120.5,0.25,pear
                98,1e-1,apple
                -3.5,+2,pear
                """);
        TableData data = CsvLoader.of(csv).classTarget("kind").dataType(DataType.DOUBLE).load();
        assertArrayEquals(new double[][] {{120.5, 0.25}, {98, 0.1}, {-3.5, 2}}, rows(data.features()));
        assertEquals(List.of("apple", "pear"), data.classNames());
        assertArrayEquals(new double[][] {{0, 1}, {1, 0}, {0, 1}}, rows(data.targets()));
        assertEquals(List.of("weight", "colour score"), data.inputNames());
        assertArrayEquals(new long[] {2, 3, 4}, data.lines());
        assertEquals(DataType.DOUBLE, data.dataset().dataType());
        assertEquals(DataType.FLOAT, CsvLoader.of(csv).classTarget("kind").load().features().dataType());
    }

    @Test
    void noHeaderColumnsByIndexSkippedLinesOtherDelimiterQuotesCommentsAndGzip() throws IOException {
        String content = "\uFEFF150;2;counts line\n# a comment\n\"1,5\";7;\"x\ny\"\n2;\"8\";z\n\n3;9;\"x\ny\"\n";
        Path plain = file("t.csv", content);
        Path zipped = dir.resolve("t.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(zipped))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        for (Path path : List.of(plain, zipped)) {
            TableFormatException e = assertThrows(TableFormatException.class, () -> CsvLoader.of(path).skipLines(1)
                    .delimiter(';').comment('#').noHeader().classTarget(2).dataType(DataType.DOUBLE).load());
            // "1,5" is not a number in a ';' file: the error names the line the quoted record starts on.
            assertTrue(e.getMessage().contains("line 3, column 0 ('column0'): '1,5' is not a number"), e.getMessage());
        }
        Path fixed = file("u.csv", content.replace("\"1,5\"", "1.5"));
        TableData data = CsvLoader.of(fixed).skipLines(1).delimiter(';').comment('#').noHeader().classTarget(2)
                .dataType(DataType.DOUBLE).load();
        assertArrayEquals(new double[][] {{1.5, 7}, {2, 8}, {3, 9}}, rows(data.features()));
        assertEquals(List.of("x\ny", "z"), data.classNames());
        assertArrayEquals(new long[] {3, 5, 7}, data.lines());
    }

    @Test
    void categoricalColumnsAreOneHotInNumericOrLexicalOrder() throws IOException {
        Path csv = file("c.csv", """
                size,colour,grade,y
                1,red,10,a
                2,blue,2,b
                3,red,1,a
                4,green,2,b
                """);
        TableData data = CsvLoader.of(csv).classTarget("y").categorical("colour", "grade").load();
        assertEquals(List.of("size", "colour=blue", "colour=green", "colour=red", "grade=1", "grade=2", "grade=10"),
                data.inputNames());
        assertArrayEquals(new double[][] {
                {1, 0, 0, 1, 0, 0, 1},
                {2, 1, 0, 0, 0, 1, 0},
                {3, 0, 0, 1, 1, 0, 0},
                {4, 0, 1, 0, 0, 1, 0}}, rows(data.features()));
        assertTrue(assertThrows(TableFormatException.class, () -> CsvLoader.of(csv).classTarget("y").load()).getMessage()
                .contains("line 2, column 1 ('colour'): 'red' is not a number (declare the column categorical"));
    }

    @Test
    void missingValuesAreErrorsNamingEveryLineAndColumnByDefault() throws IOException {
        Path csv = file("m.csv", "a,b,y\n1,,p\nNA,2,q\n3,4,\n5,?,p\n");
        TableFormatException e = assertThrows(TableFormatException.class, () -> CsvLoader.of(csv).classTarget("y").load());
        String message = e.getMessage();
        assertTrue(message.startsWith(csv + ": 4 problems:"), message);
        assertTrue(message.contains("line 2, column 1 ('b'): missing value; declare what to do with onMissing(\"b\""), message);
        assertTrue(message.contains("line 3, column 0 ('a'): missing value"), message);
        assertTrue(message.contains("line 5, column 1 ('b'): missing value"), message);
        assertTrue(message.contains("line 4, column 2 ('y'): the target is missing"), message);
    }

    @Test
    void missingValuePoliciesFillFromTheTrainingRowsOrDropThem() throws IOException {
        Path csv = file("m.csv", "a,b,c,y\n1,,red,p\nNA,2,,q\n3,4,blue,\n6,8,blue,p\n");
        TableData data = CsvLoader.of(csv).classTarget("y").categorical("c")
                .onMissing(Missing.mean()).onMissing("c", Missing.mostFrequent()).onMissing("y", Missing.dropRow())
                .dataType(DataType.DOUBLE).load();
        // Row 4 (line 4) is dropped for its missing target; the means are over the rows kept: a (1, 6), b (2, 8).
        assertEquals(1, data.droppedRows());
        assertArrayEquals(new long[] {2, 3, 5}, data.lines());
        assertArrayEquals(new double[][] {{1, 5, 0, 1}, {3.5, 2, 1, 0}, {6, 8, 1, 0}}, rows(data.features()));
        // Most frequent among the kept rows: red and blue once each, the tie goes to the first in order, blue.
        assertEquals("blue", data.encoding().features().get(2).fillCategory());
        assertEquals(3.5, data.encoding().features().get(0).fillNumber(), 0.0);

        TableData constant = CsvLoader.of(csv).classTarget("y").categorical("c").onMissing(Missing.value(-1))
                .onMissing("c", Missing.category("unknown")).onMissing("y", Missing.dropRow())
                .dataType(DataType.DOUBLE).load();
        assertEquals(List.of("a", "b", "c=blue", "c=red", "c=unknown"), constant.inputNames());
        assertArrayEquals(new double[] {-1, 2, 0, 0, 1}, rows(constant.features())[1]);
        TableData dropped = CsvLoader.of(csv).classTarget("y").classes("p", "q").categorical("c").onMissing(Missing.dropRow())
                .onMissing("y", Missing.dropRow()).load();
        assertEquals(3, dropped.droppedRows());
        assertArrayEquals(new long[] {5}, dropped.lines());
    }

    @Test
    void policiesThatDoNotFitTheColumnAreRefused() throws IOException {
        Path csv = file("p.csv", "a,c,y\n1,red,p\n2,blue,q\n");
        String mean = assertThrows(TableFormatException.class, () -> CsvLoader.of(csv).classTarget("y").categorical("c")
                .onMissing("c", Missing.mean()).load()).getMessage();
        assertTrue(mean.contains("Missing.mean() does not apply to the categorical column 1 ('c')"), mean);
        String target = assertThrows(TableFormatException.class, () -> CsvLoader.of(csv).classTarget("y").categorical("c")
                .onMissing("y", Missing.mostFrequent()).load()).getMessage();
        assertTrue(target.contains("is never filled in"), target);
    }

    @Test
    void theFittedEncodingLoadsOtherTablesUnchangedAndSurvivesSaving() throws IOException {
        Path train = file("train.csv", "id,x,c,y\n7,1,red,no\n8,2,blue,yes\n9,,red,no\n");
        TableData fitted = CsvLoader.of(train).binaryTarget("y", "yes").ignore("id").categorical("c")
                .onMissing("x", Missing.mean()).dataType(DataType.DOUBLE).load();
        assertArrayEquals(new double[][] {{0}, {1}, {0}}, rows(fitted.targets()));
        assertEquals(List.of("no", "yes"), fitted.classNames());

        // Columns in another order, found by name; the missing x takes the training mean 1.5.
        Path test = file("test.csv", "y,c,x,id\nyes,blue,,1\nno,red,4,2\n");
        TableData tested = CsvLoader.of(test).using(fitted.encoding()).dataType(DataType.DOUBLE).load();
        assertArrayEquals(new double[][] {{1.5, 1, 0}, {4, 0, 1}}, rows(tested.features()));
        assertArrayEquals(new double[][] {{1}, {0}}, rows(tested.targets()));

        Path unlabeled = file("predict.csv", "x,c\n3,red\n");
        TableData features = CsvLoader.of(unlabeled).using(fitted.encoding()).dataType(DataType.DOUBLE).load();
        assertNull(features.targets());
        assertArrayEquals(new double[][] {{3, 0, 1}}, rows(features.features()));
        assertThrows(IllegalStateException.class, features::dataset);

        Path unknown = file("unknown.csv", "x,c,y\n3,green,no\n4,red,maybe\n");
        String message = assertThrows(TableFormatException.class, () -> CsvLoader.of(unknown).using(fitted.encoding())
                .load()).getMessage();
        assertTrue(message.contains("line 2, column 1 ('c'): 'green' is not one of the categories of the"
                + " encoding, [blue, red]"), message);
        assertTrue(message.contains("line 3, column 2 ('y'): 'maybe' is neither of the binary target's values [no, yes]"),
                message);

        Standardize standardize = new Standardize();
        standardize.fit(fitted.features());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InputPipeline.of(fitted.encoding(), standardize).write(bytes);
        InputPipeline read = InputPipeline.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(fitted.encoding(), read.encoding());
        assertEquals(standardize.transform(tested.features()), read.transform(tested.features()));
        assertEquals(fitted.encoding(), InputPipeline.restore(InputPipeline.of(fitted.encoding()).state()).encoding());
        assertEquals(fitted.encoding(), TableEncoding.restore(fitted.encoding().state()));
    }

    @Test
    void regressionTargetsAndDeclaredClasses() throws IOException {
        Path csv = file("r.csv", "a,t1,t2,k\n1,0.5,-2,b\n2,1.5,-4,a\n");
        TableData regression = CsvLoader.of(csv).regressionTarget("t1", "t2").ignore("k").dataType(DataType.DOUBLE).load();
        assertArrayEquals(new double[][] {{0.5, -2}, {1.5, -4}}, rows(regression.targets()));
        assertEquals(List.of(), regression.classNames());
        TableData classes = CsvLoader.of(csv).classTarget("k").classes("b", "a", "c").features("a").load();
        assertArrayEquals(new double[][] {{1, 0, 0}, {0, 1, 0}}, rows(classes.targets()));
        String undeclared = assertThrows(TableFormatException.class, () -> CsvLoader.of(csv).classTarget("k").classes("a", "c")
                .features("a").load()).getMessage();
        assertTrue(undeclared.contains("line 2, column 3 ('k'): 'b' is not one of the classes of the encoding, [a, c]"),
                undeclared);
        String binary = assertThrows(TableFormatException.class, () -> CsvLoader.of(file("b.csv", "a,y\n1,x\n2,y\n3,z\n"))
                .binaryTarget("y", "x").load()).getMessage();
        assertTrue(binary.contains("needs exactly one other value, it has [y, z]"), binary);
    }

    @Test
    void malformedFilesAreErrorsNamingFileLineAndColumn() throws IOException {
        Path ragged = file("ragged.csv", "a,b,y\n1,2,p\n3,q\n4,5,6,p\n");
        String message = assertThrows(TableFormatException.class, () -> CsvLoader.of(ragged).classTarget("y").load())
                .getMessage();
        assertTrue(message.contains("line 3 has 2 fields, the header has 3"), message);
        assertTrue(message.contains("line 4 has 4 fields, the header has 3"), message);

        Path unclosed = file("unclosed.csv", "a,y\n1,\"p\n2,q\n");
        String quote = assertThrows(TableFormatException.class, () -> CsvLoader.of(unclosed).classTarget("y").load())
                .getMessage();
        assertTrue(quote.startsWith(unclosed + ": malformed delimited text") && quote.contains("EOF"), quote);

        Path numbers = file("numbers.csv", "a,y\n1.2.3,p\n0x10,q\nInfinity,p\n1e999,q\n1f,p\n");
        String bad = assertThrows(TableFormatException.class, () -> CsvLoader.of(numbers).classTarget("y").load())
                .getMessage();
        for (String value : List.of("'1.2.3'", "'0x10'", "'Infinity'", "'1f'")) {
            assertTrue(bad.contains(value + " is not a number"), bad);
        }
        assertTrue(bad.contains("line 5, column 0 ('a'): '1e999' is too large for a double"), bad);

        String absent = assertThrows(TableFormatException.class, () -> CsvLoader.of(dir.resolve("absent.csv")).load())
                .getMessage();
        assertEquals(dir.resolve("absent.csv") + ": no such file", absent);
        String column = assertThrows(TableFormatException.class, () -> CsvLoader.of(ragged).classTarget("z").load())
                .getMessage();
        assertTrue(column.contains("no column named 'z'; the columns are [a, b, y]"), column);
        String index = assertThrows(TableFormatException.class, () -> CsvLoader.of(ragged).classTarget(5).load())
                .getMessage();
        assertTrue(index.contains("column 5 does not exist: the table has 3 columns (0 to 2)"), index);
        Path twice = file("twice.csv", "a,a,y\n1,2,p\n");
        assertTrue(assertThrows(TableFormatException.class, () -> CsvLoader.of(twice).load()).getMessage()
                .contains("two columns are named 'a'"));
        Path empty = file("empty.csv", "a,b\n");
        assertTrue(assertThrows(TableFormatException.class, () -> CsvLoader.of(empty).load()).getMessage()
                .contains("no rows left"));
    }

    @Test
    void declaringRolesAndReusingAnEncodingExcludeEachOther() throws IOException {
        Path csv = file("e.csv", "a,y\n1,p\n2,q\n");
        TableEncoding encoding = CsvLoader.of(csv).classTarget("y").load().encoding();
        assertThrows(IllegalStateException.class, () -> CsvLoader.of(csv).using(encoding).classTarget("y"));
        assertThrows(IllegalStateException.class, () -> CsvLoader.of(csv).categorical("a").using(encoding));
    }

    @Test
    void aFloat64TableMatchesTheValuesItWasWrittenFrom() throws IOException {
        // Generated data: every value printed with Double.toString reads back exactly.
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        StringBuilder text = new StringBuilder("x0,x1,x2,target\n");
        double[][] expected = new double[300][3];
        double[][] targets = new double[300][1];
        for (int row = 0; row < 300; row++) {
            for (int c = 0; c < 3; c++) {
                expected[row][c] = random.nextGaussian() * Math.pow(10, random.nextInt(-8, 8));
                text.append(expected[row][c]).append(',');
            }
            targets[row][0] = random.nextDouble(-1, 1);
            text.append(targets[row][0]).append('\n');
        }
        TableData data = CsvLoader.of(file("g.csv", text.toString())).regressionTarget("target")
                .dataType(DataType.DOUBLE).load();
        assertArrayEquals(expected, rows(data.features()));
        assertArrayEquals(targets, rows(data.targets()));
        assertEquals(Nd4j.create(expected).castTo(DataType.FLOAT), CsvLoader.of(dir.resolve("g.csv"))
                .regressionTarget("target").load().features());
    }
}
