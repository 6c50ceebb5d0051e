package io.regimestream.model;

import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Bounds the shape of a PMML document before JPMML builds anything from it, in one streaming pass
 * that keeps nothing: at most {@value #MAX_DEPTH} elements deep (JPMML parses, verifies and
 * evaluates nested expressions recursively: 3,000 nested {@code <Apply>} overflow a thread's
 * stack, and the task thread scores with the model too), at most {@value #MAX_ELEMENTS} elements
 * and no text or attribute longer than {@value #MAX_TEXT_CHARS} characters (what JPMML keeps in
 * memory grows with both), and no DOCTYPE (no entities, no external anything). The models
 * pmml-sparkml writes for us are 8 deep with a few hundred elements.
 */
final class PmmlShape {

    static final int MAX_DEPTH = 64;
    static final int MAX_ELEMENTS = 200_000;
    static final int MAX_TEXT_CHARS = 1024 * 1024;

    private PmmlShape() {}

    /** @throws ModelException naming {@code location} and the bound it exceeds */
    static void check(String location, byte[] pmml) {
        XMLInputFactory factory =
                XMLInputFactory.newDefaultFactory(); // the JDK's own, whatever else is on the class path
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(new ByteArrayInputStream(pmml));
            int depth = 0;
            long elements = 0;
            long text = 0;
            while (xml.hasNext()) {
                switch (xml.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        text = 0;
                        if (++depth > MAX_DEPTH) {
                            throw refused(location, "nests elements more than " + MAX_DEPTH + " deep");
                        }
                        if (++elements > MAX_ELEMENTS) {
                            throw refused(location, "has more than " + MAX_ELEMENTS + " elements");
                        }
                        for (int i = 0; i < xml.getAttributeCount(); i++) {
                            if (xml.getAttributeValue(i).length() > MAX_TEXT_CHARS) {
                                throw refused(
                                        location, "has an attribute longer than " + MAX_TEXT_CHARS + " characters");
                            }
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        depth--;
                        text = 0;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        text += xml.getTextLength();
                        if (text > MAX_TEXT_CHARS) {
                            throw refused(location, "has a text longer than " + MAX_TEXT_CHARS + " characters");
                        }
                    }
                    case XMLStreamConstants.DTD ->
                        throw new ModelException(
                                location, "is not a valid PMML document: a DOCTYPE is not allowed in a model");
                    case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw new ModelException(
                                location,
                                "is not a valid PMML document: it refers to an entity, which a model never needs");
                    default -> {
                        // comments, processing instructions, the document's start and end: nothing kept, nothing to
                        // bound
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new ModelException(location, "is not a valid PMML document: " + e.getMessage(), e);
        } finally {
            close(xml);
        }
    }

    private static ModelException refused(String location, String what) {
        return new ModelException(
                location, what + ", more than any regime model needs: refused before it is parsed into a model");
    }

    private static void close(XMLStreamReader xml) {
        if (xml != null) {
            try {
                xml.close();
            } catch (XMLStreamException e) {
                // nothing held open: the input is a byte array
            }
        }
    }
}
