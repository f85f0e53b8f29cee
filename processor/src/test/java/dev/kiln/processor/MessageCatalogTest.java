package dev.kiln.processor;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog tells a reader what each message says: ids are distinct, and no format is only
 * placeholders, so its words state what the arguments are (the model, the layer, the shapes).
 */
class MessageCatalogTest {
    /** "%s: %s", the owner and the attribute with its value and problem as one piece: still to be given its structure. */
    private static final Set<Message> NOT_YET_STRUCTURED = EnumSet.of(Message.NON_FINITE_NUMBER);

    @Test
    void everyFormatHasWordsAroundItsArguments() {
        for (Message message : EnumSet.complementOf(EnumSet.copyOf(NOT_YET_STRUCTURED))) {
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
