package dev.kiln.processor;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog tells a reader what each message says: ids are distinct, and no format is only
 * placeholders, so its words state what the arguments are (the model, the layer, the shapes).
 */
class MessageCatalogTest {
    @Test
    void everyFormatHasWordsAroundItsArguments() {
        for (Message message : Message.values()) {
            String words = message.format().replaceAll("%[sd]", "").replaceAll("[^A-Za-z]", "");
            assertTrue(words.length() >= 4, message + " (" + message.id() + ") is no more than its arguments: \"" + message.format() + "\"");
        }
    }

    @Test
    void idsAreDistinct() {
        Set<String> ids = new HashSet<>();
        for (Message message : Message.values()) {
            assertTrue(ids.add(message.id()), message.id() + " is used twice");
        }
    }
}
